/**
 * Reading back the files the bot writes, the way a test checks them: a Word file's text runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A DOCX's word/document.xml (the body: paragraphs, runs, their fonts and sizes). */
export function docxXml(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'docx-'));
  try {
    writeFileSync(join(dir, 'file.docx'), bytes);
    return execFileSync('unzip', ['-p', join(dir, 'file.docx'), 'word/document.xml'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text runs (`<w:t>`) of a DOCX's body, in order, joined by "|". */
export function docxText(bytes: Buffer): string {
  return [...docxXml(bytes).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
}
