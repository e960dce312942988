/** vitest's setupFiles: after each test file, its process's reusable test database goes away. */
import { afterAll } from 'vitest';
import { releaseReusableDatabases } from '../support/database.js';

afterAll(releaseReusableDatabases);
