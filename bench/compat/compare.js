#!/usr/bin/env node
// Runs the Serverless Framework v3 `print` and `stratus print` on every corpus case and compares
// the two resolved configurations as JSON. Usage: node compare.js <corpusDir> <workDir> <stratusDll> <outMd>
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const crypto = require('crypto');

const [corpusDir, workDir, stratusDll, outMd, probesDir] = process.argv.slice(2);
const slsBin = path.join(workDir, 'node_modules', 'serverless', 'bin', 'serverless.js');
const casesDir = path.join(workDir, 'cases');
const runTimeoutMs = 60000;

// One fixed environment for both tools: fake credentials so the framework looks for no profile,
// a HOME of our own so it reads no user config, and a proxy on a closed local port so any request
// that would reach AWS fails at once instead of hanging.
const homeDir = path.join(workDir, 'home');
const env = {
  PATH: process.env.PATH,
  HOME: homeDir,
  DOTNET_CLI_HOME: homeDir,
  DOTNET_NOLOGO: '1',
  DOTNET_CLI_TELEMETRY_OPTOUT: '1',
  SLS_TELEMETRY_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
  SLS_DEPRECATION_DISABLE: '*',
  SLS_INTERACTIVE_SETUP_DISABLE: '1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_EC2_METADATA_DISABLED: 'true',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  HTTP_PROXY: 'http://127.0.0.1:9',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
};

function listCases(dir) {
  return fs.readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, 'serverless.yml')))
    .sort();
}

function readLines(file) {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0) : [];
}

// The service sits two folders below the case root, so `../../x` finds `_outside/x` at the root.
function prepareCase(sourceRoot, name) {
  const root = path.join(casesDir, name);
  fs.rmSync(root, { recursive: true, force: true });
  const serviceDir = path.join(root, 'svc', 'svc');
  fs.mkdirSync(serviceDir, { recursive: true });
  const source = path.join(sourceRoot, name);
  for (const entry of fs.readdirSync(source)) {
    if (entry === '_outside') {
      fs.cpSync(path.join(source, entry), root, { recursive: true });
    } else {
      fs.cpSync(path.join(source, entry), path.join(serviceDir, entry), { recursive: true });
    }
  }
  const file = path.join(serviceDir, 'serverless.yml');
  fs.writeFileSync(file, withoutPlugins(fs.readFileSync(file, 'utf8')));
  return serviceDir;
}

// Blanks the top-level `plugins` section line by line, so every other line keeps its number.
function withoutPlugins(text) {
  const lines = text.split('\n');
  let inPlugins = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^plugins\s*:/.test(line)) {
      inPlugins = true;
      lines[i] = '';
      continue;
    }
    if (inPlugins) {
      const topLevel = /^[^\s#-]/.test(line);
      if (topLevel) {
        inPlugins = false;
      } else {
        lines[i] = '';
      }
    }
  }
  return lines.join('\n');
}

function run(command, args, cwd, extraEnv) {
  const result = spawnSync(command, args, {
    cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: runTimeoutMs, maxBuffer: 64 * 1024 * 1024,
  });
  const timedOut = result.error && result.error.code === 'ETIMEDOUT';
  return {
    code: timedOut ? 'timeout' : result.status,
    out: result.stdout || '',
    err: (result.stderr || '') + (result.error && !timedOut ? String(result.error) : ''),
  };
}

function parseJson(run) {
  if (run.code !== 0) return { ok: false, why: firstLine(run.out + '\n' + run.err) };
  try {
    return { ok: true, value: JSON.parse(run.out) };
  } catch (e) {
    return { ok: false, why: 'not JSON: ' + firstLine(run.out) };
  }
}

function firstLine(text) {
  const marker = text.match(/(?:^|\n)Error:\s*\n\s*(.+)(?:\n\s*(.+))?/);
  if (marker) {
    const detail = marker[1].trim().endsWith(':') && marker[2] ? marker[2].replace(/^- /, '') : marker[1];
    return detail.trim().slice(0, 200);
  }
  const line = text.split('\n').map((l) => l.trim()).find((l) => l && !/^(Environment|Error:?$)/.test(l));
  return (line || '').slice(0, 160);
}

// The first path where the two values differ, or null; key order does not matter.
function firstDifference(a, b, at) {
  if (a === b) return null;
  if (typeof a !== typeof b || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return at || '(root)';
  }
  if (typeof a !== 'object') return at || '(root)';
  if (Array.isArray(a)) {
    if (a.length !== b.length) return `${at}[length ${a.length} vs ${b.length}]`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const child = at ? `${at}.${key}` : key;
    if (!(key in a)) return `${child} (only in stratus)`;
    if (!(key in b)) return `${child} (only in framework)`;
    const d = firstDifference(a[key], b[key], child);
    if (d) return d;
  }
  return null;
}

function valueAt(root, dotted) {
  let node = root;
  for (const part of dotted.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[part];
  }
  return node;
}

// The framework's answer only changes with its input, so it is kept per input hash: reruns
// after a Stratus change then take seconds per case instead of minutes for the whole corpus.
function frameworkRun(name, serviceDir, extra) {
  const hash = crypto.createHash('sha256');
  hashTree(path.join(casesDir, name), hash);
  const cacheFile = path.join(workDir, 'framework-cache', `${name}.${hash.digest('hex').slice(0, 16)}.json`);
  if (fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
  const result = run('node', [slsBin, 'print', '--format', 'json', '--stage', 'dev', ...extra.args], serviceDir, extra.env);
  fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  fs.writeFileSync(cacheFile, JSON.stringify(result));
  return result;
}

function hashTree(dir, hash) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    hash.update(entry.name);
    if (entry.isDirectory()) hashTree(full, hash);
    else hash.update(fs.readFileSync(full));
  }
}

// Stratus names files by full path; the scratch folder says nothing about the case, so it is cut.
function relativeTo(dir, result) {
  const cut = (text) => text.split(dir + path.sep).join('');
  return { ...result, out: cut(result.out), err: cut(result.err) };
}

function compareCase(sourceRoot, name) {
  const serviceDir = prepareCase(sourceRoot, name);
  const extra = {
    args: readLines(path.join(serviceDir, 'probe.args')),
    env: Object.fromEntries(readLines(path.join(serviceDir, 'probe.env')).map((l) => [l.split('=')[0], l.slice(l.indexOf('=') + 1)])),
  };
  const frameworkRaw = frameworkRun(name, serviceDir, extra);
  const stratusRaw = relativeTo(serviceDir, run('dotnet',
    [stratusDll, 'print', '--config', 'serverless.yml', '--format', 'json', '--stage', 'dev', ...extra.args],
    serviceDir,
    extra.env));
  fs.writeFileSync(path.join(casesDir, name, 'framework.out.json'), frameworkRaw.out + frameworkRaw.err);
  fs.writeFileSync(path.join(casesDir, name, 'stratus.out.json'), stratusRaw.out + stratusRaw.err);
  const framework = parseJson(frameworkRaw);
  const stratus = parseJson(stratusRaw);

  if (!framework.ok && !stratus.ok) {
    return { name, outcome: 'both refused', agree: true, detail: `framework: ${framework.why}<br>stratus: ${stratus.why}` };
  }
  if (!framework.ok) return { name, outcome: 'framework failed', agree: false, detail: framework.why };
  if (!stratus.ok) return { name, outcome: 'stratus failed', agree: false, detail: stratus.why };

  const diff = firstDifference(framework.value, stratus.value, '');
  if (!diff) return { name, outcome: 'identical', agree: true, detail: '' };
  const clean = diff.replace(/ \(only in \w+\)$/, '').replace(/\[length.*$/, '');
  const detail = `\`${diff}\`: framework ${JSON.stringify(valueAt(framework.value, clean))?.slice(0, 80)}`
    + ` / stratus ${JSON.stringify(valueAt(stratus.value, clean))?.slice(0, 80)}`;
  return { name, outcome: 'different', agree: false, detail };
}

function runSuite(dir) {
  const only = process.env.COMPAT_ONLY;
  return listCases(dir).filter((n) => !only || n.includes(only)).map((name) => {
    const result = compareCase(dir, name);
    process.stderr.write(`${result.agree ? 'ok  ' : 'DIFF'} ${result.outcome.padEnd(16)} ${name}\n`);
    return result;
  });
}

function table(title, note, results) {
  const agreed = results.filter((r) => r.agree).length;
  const percent = results.length ? ((100 * agreed) / results.length).toFixed(1) : '0.0';
  const count = (o) => results.filter((r) => r.outcome === o).length;
  return [
    `## ${title}`,
    '',
    `Agreement: **${agreed} of ${results.length} (${percent}%)**. identical ${count('identical')},`
      + ` both refused ${count('both refused')}, different ${count('different')},`
      + ` framework failed ${count('framework failed')}, stratus failed ${count('stratus failed')}.`,
    '',
    note,
    '',
    '| Case | Outcome | Detail |',
    '| --- | --- | --- |',
    ...results.map((r) => `| ${r.name} | ${r.outcome} | ${r.detail.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`),
    '',
  ];
}

function main() {
  fs.mkdirSync(homeDir, { recursive: true });
  const lines = [
    '# Compatibility with the Serverless Framework v3.40.0',
    '',
    ...table('Corpus', 'Each corpus case is printed with `--format json --stage dev`, its `plugins` section removed, '
      + 'offline, by both tools.', runSuite(corpusDir)),
  ];
  if (probesDir && fs.existsSync(probesDir)) {
    lines.push(...table('Probes', 'Small cases of our own (bench/compat/probes) for edge cases the corpus lacks: '
      + 'YAML value types, present-but-empty values, fallbacks, file includes and malformed files.', runSuite(probesDir)));
  }
  fs.mkdirSync(path.dirname(outMd), { recursive: true });
  fs.writeFileSync(outMd, lines.join('\n'));
  process.stdout.write(lines.join('\n'));
}

main();
