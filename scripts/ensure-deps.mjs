#!/usr/bin/env node
// First-use setup shared by `npm start`, `npm test` and `npm run bench`, so that each works alone on a fresh
// clone: installs npm dependencies when node_modules is missing or older than the lockfile, checks Java (for
// DynamoDB Local) and, with --chromium, Debian's Chromium for the browser tests.
// System packages are installed only for the test and bench commands (--install-system), and only when it can
// (root with apt-get); `npm start` never changes the machine: it says in one line what is missing and exits
// non-zero.
// Plain Node on purpose: it runs before any dependency exists.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wantChromium = process.argv.includes('--chromium');
const mayInstallSystemPackages = process.argv.includes('--install-system');
const canApt =
  mayInstallSystemPackages && process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
let aptUpdated = false;

function say(line) {
  process.stdout.write(`${line}\n`);
}

function aptInstall(packages) {
  if (!aptUpdated) {
    execSync('apt-get update -qq', { stdio: 'inherit' });
    aptUpdated = true;
  }
  execSync(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages}`, { stdio: 'inherit' });
}

// 1. npm dependencies
const lockfile = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lockfile).mtimeMs) {
  say('Installing dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}

// 2. Java 17+ for DynamoDB Local
function javaMajor() {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return 0;
  const version = /version "([^"]+)"/.exec(`${result.stderr}${result.stdout}`)?.[1] ?? '';
  const [first, second] = version.split(/[.+_-]/);
  return Number(first === '1' ? second : first) || 0;
}
if (javaMajor() < 17) {
  if (canApt) {
    say('Installing Java 17 for DynamoDB Local (apt-get install openjdk-17-jre-headless)…');
    aptInstall('openjdk-17-jre-headless');
  } else {
    say('Java 17+ is required for DynamoDB Local: install a JRE (e.g. apt-get install -y openjdk-17-jre-headless) and run again.');
    process.exit(1);
  }
}

// 3. Chromium for the end-to-end tests
if (wantChromium && !existsSync('/usr/bin/chromium')) {
  if (canApt) {
    say("Installing Debian's chromium for the browser tests (about a minute)…");
    aptInstall('chromium');
  } else {
    say("The browser tests need Debian's Chromium at /usr/bin/chromium: run `sudo apt-get install -y chromium` and run again.");
    process.exit(1);
  }
}
