// Prettier: the style that changes fewest lines of the code as it was first written.
/** @type {import('prettier').Config} */
export default {
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
  // YAML is edited by hand by admins (config/cluster.yaml): keep its double quotes.
  overrides: [{ files: ['*.yaml', '*.yml'], options: { singleQuote: false } }],
};
