// What the exchange and on-behalf-of benchmarks share: logging, medians, the raw results files
// and their sections of docs/benchmarks.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repositoryRoot = join(benchDir, '..');
export const resultsDir = join(benchDir, 'results');
export const docsFile = join(repositoryRoot, 'docs', 'benchmarks.md');

/** A logger prefixed with the benchmark's name and the time. */
export function logger(name) {
  return (message) => console.log(`[bench:${name} ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function median(values) {
  const present = values.filter((value) => value !== undefined && Number.isFinite(value));
  if (present.length === 0) return undefined;
  const sorted = [...present].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function describeCpu() {
  const list = cpus();
  return { model: list[0]?.model ?? 'unknown', cores: list.length };
}

/**
 * Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in `text` with
 * `section` (markers kept), or appends the markers and the section when they are missing.
 */
export function replaceMarkedSection(text, name, section) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${section.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from !== -1 && to > from) return `${text.slice(0, from)}${block}${text.slice(to + end.length)}`;
  if (from !== -1 || to !== -1) throw new Error(`${relative(repositoryRoot, docsFile)}: the markers of section "${name}" are broken (one is missing or they are out of order); fix them by hand.`);
  return `${text.trimEnd()}\n\n${block}\n`;
}

/**
 * Saves the raw results (`bench/results/<name>-<date>[-quick].json` and `<name>-latest.json`)
 * and writes the section: into docs/benchmarks.md between its markers after a complete run,
 * into bench/results/<name>.md after a quick or partial one. Returns the paths written.
 */
export function saveResults(name, results, section, { complete }) {
  mkdirSync(resultsDir, { recursive: true });
  const stamp = results.date.replaceAll(':', '-').replace(/\..*/, '');
  const resultsFile = join(resultsDir, `${name}-${stamp}${results.settings.quick ? '-quick' : ''}.json`);
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(resultsFile, json);
  writeFileSync(join(resultsDir, `${name}-latest.json`), json);
  let reportFile;
  if (complete) {
    reportFile = docsFile;
    const current = existsSync(docsFile) ? readFileSync(docsFile, 'utf8') : '# Benchmarks\n';
    writeFileSync(docsFile, replaceMarkedSection(current, name, section));
  } else {
    reportFile = join(resultsDir, `${name}.md`);
    writeFileSync(reportFile, `${section.trim()}\n`);
  }
  return { resultsFile: relative(repositoryRoot, resultsFile), reportFile: relative(repositoryRoot, reportFile) };
}

/** Number formatting for the reports. */
export const format = {
  integer: (value) => (value === undefined || !Number.isFinite(value) ? '—' : Math.round(value).toLocaleString('en-US')),
  decimal: (value, digits = 1) => (value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits)),
  percent: (value, digits = 0) => (value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)} %`),
  ratio: (value) => (value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(2)),
  verdict: (met) => (met === undefined ? '—' : met ? '**met**' : '**missed**'),
};

/** The "Machine" row of a report's settings table: how busy the shared machine was. */
export function machineRow(results, measurements) {
  const others = measurements.map((m) => m.otherWorkOnServerCore).filter((value) => value !== undefined);
  const parts = [];
  if (results.loadAverage?.start !== undefined) parts.push(`1-minute load average ${results.loadAverage.start.toFixed(2)} at the start`);
  if (others.length > 0) parts.push(`other work on the server core during the runs: ${format.percent(Math.min(...others))} to ${format.percent(Math.max(...others))} (medians per row)`);
  return parts.length > 0 ? `| Machine | shared with other work: ${parts.join('; ')} |` : undefined;
}

/** Spread of round-by-round ratios: a warning when the rounds disagree by more than 0.1. */
export function spreadNote(perRound) {
  const values = perRound.filter((value) => value !== undefined && Number.isFinite(value));
  if (values.length < 2) return '';
  const spread = Math.max(...values) - Math.min(...values);
  return spread > 0.1 ? ` The rounds disagree by ${spread.toFixed(2)}: the machine was not quiet, read the CPU per request too.` : '';
}
