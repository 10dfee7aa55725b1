// A script whose dependency is not installed: it fails at its first line, before any work.
const missing = require('boundwise-not-installed-anywhere');

console.log(missing);
