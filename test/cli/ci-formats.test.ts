import * as assert from 'node:assert/strict';
import Ajv from 'ajv';
import { escapeData, escapeProperty } from '../../cli/formats/github';
import { escapeXml } from '../../cli/formats/xml';
import type { JsonReport } from '../../cli/formats/json';
import { bulwark, DIGEST, HARDENING, scanJson, useTree } from './helpers';

const TOKEN = `ghp_${'PLANTEDplanted0123'.repeat(2)}`;

// Folder names with what each format must escape: the workflow-command separators, XML markup, a
// line break, and a control character XML 1.0 cannot hold.
const ODD_FOLDER = 'odd,dir:50%<&>"x"';
const NEWLINE_FOLDER = 'two\nlines';
const CONTROL_FOLDER = 'ctl\u0001dir';

const FILES = {
  'compose.yaml': `services:\n  web:\n    image: nginx\n    environment:\n      API_TOKEN: ${TOKEN}\n    user: root\n    cap_drop: [ALL]\n${HARDENING}`,
  [`${ODD_FOLDER}/Dockerfile`]: 'FROM alpine\nUSER 10001\nHEALTHCHECK NONE\n',
  [`${NEWLINE_FOLDER}/Dockerfile`]: 'FROM node:latest\nUSER 10001\nHEALTHCHECK NONE\n',
  [`${CONTROL_FOLDER}/Dockerfile`]: 'FROM redis\nUSER 10001\nHEALTHCHECK NONE\n',
  // A suppressed finding: in no report but SARIF's, where it is marked.
  'suppressed/Dockerfile': `FROM alpine:3.20@${DIGEST}\n# bulwark-ignore root-user -- the build stage needs root\nUSER root\nHEALTHCHECK NONE\n`,
};

/** One finding as every format can say it, for comparing them with the JSON report. */
interface Entry {
  path: string;
  line: number;
  column?: number;
  ruleId: string;
  message?: string;
}

function jsonEntries(report: JsonReport, options: { columns: boolean; messages: boolean }): string[] {
  return report.files.flatMap((file) =>
    file.findings.map((finding) => key({ path: file.path, line: finding.line, column: options.columns ? finding.column : undefined, ruleId: finding.ruleId, message: options.messages ? finding.message : undefined })),
  );
}

function key(entry: Entry): string {
  return JSON.stringify([entry.path, entry.line, entry.column, entry.ruleId, entry.message]);
}

// sax (a strict, non-validating XML parser) ships no type declarations: what the tests use of it.
interface SaxTag {
  name: string;
  attributes: Record<string, string>;
}
interface SaxParser {
  onopentag: (tag: SaxTag) => void;
  onclosetag: () => void;
  ontext: (text: string) => void;
  onerror: (error: Error) => void;
  write(text: string): SaxParser;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sax = require('sax') as { parser(strict: boolean): SaxParser };

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses a whole XML document strictly (any well-formedness error throws) into its element tree. */
function parseXml(xml: string): XmlElement {
  const parser = sax.parser(true);
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  parser.onopentag = (tag) => {
    const element = { name: tag.name, attributes: tag.attributes, children: [], text: '' };
    stack[stack.length - 1].children.push(element);
    stack.push(element);
  };
  parser.onclosetag = () => void stack.pop();
  parser.ontext = (text) => void (stack[stack.length - 1].text += text);
  parser.onerror = (error) => {
    throw error;
  };
  parser.write(xml).close();
  assert.equal(root.children.length, 1, 'one root element');
  return root.children[0];
}

function elements(root: XmlElement, name: string): XmlElement[] {
  return [...(root.name === name ? [root] : []), ...root.children.flatMap((child) => elements(child, name))];
}

/** A path as the XML reports can hold it: the characters XML 1.0 cannot carry are spelled out. */
function xmlSafe(path: string): string {
  return path.replace(/\u0001/g, '\\u{1}');
}

describe('bulwark scan: CI formats', () => {
  const tree = useTree(FILES);
  const json = () => scanJson([], tree()).report;

  it('the fixture has findings in every file but the suppressed one, and odd paths', () => {
    const report = json();
    assert.deepEqual(report.files.map((file) => [file.path, file.findings.length > 0]).sort(), [
      ['compose.yaml', true],
      [`${CONTROL_FOLDER}/Dockerfile`, true],
      [`${ODD_FOLDER}/Dockerfile`, true],
      ['suppressed/Dockerfile', false],
      [`${NEWLINE_FOLDER}/Dockerfile`, true],
    ].sort());
  });

  describe('github', () => {
    it('prints one workflow command per finding, escaped as the runner reads them, matching the JSON report', () => {
      const run = bulwark(['scan', '--format', 'github'], { cwd: tree() });
      assert.equal(run.status, 1, run.stderr);
      const lines = run.stdout.split('\n');
      assert.equal(lines.pop(), '');
      const unescape = (text: string) => text.replace(/%(25|0D|0A|3A|2C)/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
      const levels = { error: 'error', warning: 'warning', notice: 'info' };
      const entries = lines.map((line) => {
        const match = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
        assert.ok(match, `not a workflow command: ${JSON.stringify(line)}`);
        const properties = Object.fromEntries(match[2].split(',').map((pair) => [pair.slice(0, pair.indexOf('=')), unescape(pair.slice(pair.indexOf('=') + 1))]));
        assert.deepEqual(Object.keys(properties), ['file', 'line', 'col', 'endLine', 'endColumn', 'title']);
        const message = unescape(match[3]);
        assert.ok(message.endsWith(` (${properties.title})`));
        return { level: levels[match[1] as keyof typeof levels], entry: key({ path: properties.file, line: Number(properties.line), column: Number(properties.col), ruleId: properties.title, message: message.slice(0, -` (${properties.title})`.length) }) };
      });
      const report = json();
      assert.deepEqual(entries.map((e) => e.entry), jsonEntries(report, { columns: true, messages: true }));
      assert.deepEqual(entries.map((e) => e.level), report.files.flatMap((file) => file.findings.map((finding) => finding.severity)));
      assert.ok(run.stdout.includes('file=odd%2Cdir%3A50%25<&>"x"/Dockerfile,'), 'the separators of a property are escaped');
      assert.ok(run.stdout.includes('file=two%0Alines/Dockerfile,'), 'a line break cannot end the command');
    });

    it('escapes data and properties by the workflow-command rules', () => {
      assert.equal(escapeData('100% sure\r\nnext: a, b'), '100%25 sure%0D%0Anext: a, b');
      assert.equal(escapeProperty('100% sure\r\nnext: a, b'), '100%25 sure%0D%0Anext%3A a%2C b');
    });
  });

  describe('gitlab', () => {
    // GitLab publishes no JSON schema for Code Quality reports: this one transcribes the fields its
    // documentation (docs.gitlab.com/ci/testing/code_quality, "Code Quality report format") requires.
    const CODE_QUALITY_SCHEMA = {
      type: 'array',
      items: {
        type: 'object',
        required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
        properties: {
          description: { type: 'string', minLength: 1 },
          check_name: { type: 'string', minLength: 1 },
          fingerprint: { type: 'string', minLength: 1 },
          severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
          location: {
            type: 'object',
            required: ['path', 'lines'],
            properties: {
              path: { type: 'string', minLength: 1 },
              lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } } },
            },
          },
        },
      },
    };

    it('writes a Code Quality report valid against the documented format, one issue per finding, unique fingerprints', () => {
      const run = bulwark(['scan', '--format', 'gitlab'], { cwd: tree() });
      assert.equal(run.status, 1, run.stderr);
      const issues = JSON.parse(run.stdout) as Array<{ description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }>;
      const validate = new Ajv({ allErrors: true }).compile(CODE_QUALITY_SCHEMA);
      assert.ok(validate(issues), JSON.stringify(validate.errors));
      assert.ok(!validate([{ description: 'x', check_name: 'y', fingerprint: 'z', severity: 'error', location: { path: 'p', lines: { begin: 1 } } }]), 'the schema rejects an unknown severity');
      const report = json();
      assert.deepEqual(
        issues.map((issue) => key({ path: issue.location.path, line: issue.location.lines.begin, ruleId: issue.check_name })),
        jsonEntries(report, { columns: false, messages: false }),
      );
      assert.equal(new Set(issues.map((issue) => issue.fingerprint)).size, issues.length, 'GitLab keeps one issue per fingerprint');
      const severities = { error: 'critical', warning: 'major', info: 'info' };
      assert.deepEqual(issues.map((issue) => issue.severity), report.files.flatMap((file) => file.findings.map((finding) => severities[finding.severity])));
    });
  });

  describe('junit', () => {
    it('is well-formed XML with one failed test case per finding, matching the JSON report', () => {
      const run = bulwark(['scan', '--format', 'junit'], { cwd: tree() });
      assert.equal(run.status, 1, run.stderr);
      assert.ok(run.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
      const root = parseXml(run.stdout);
      assert.equal(root.name, 'testsuites');
      const cases = elements(root, 'testcase');
      const report = json();
      const expected = report.files.flatMap((file) => file.findings.map((finding) => key({ path: xmlSafe(file.path), line: finding.line, ruleId: finding.ruleId, message: finding.message })));
      assert.deepEqual(
        cases.map((testcase) => {
          const [failure] = testcase.children;
          assert.equal(failure.name, 'failure');
          return key({ path: testcase.attributes.classname, line: Number(testcase.attributes.line), ruleId: failure.attributes.type, message: failure.attributes.message });
        }),
        expected,
      );
      assert.equal(root.attributes.tests, String(expected.length));
      assert.equal(root.attributes.failures, String(expected.length));
      assert.equal(elements(root, 'testsuite').reduce((sum, suite) => sum + Number(suite.attributes.tests), 0), expected.length);
    });
  });

  describe('checkstyle', () => {
    it('is well-formed XML with a file per scanned file and an error per finding, matching the JSON report', () => {
      const run = bulwark(['scan', '--format', 'checkstyle'], { cwd: tree() });
      assert.equal(run.status, 1, run.stderr);
      const root = parseXml(run.stdout);
      assert.equal(root.name, 'checkstyle');
      const report = json();
      assert.deepEqual(root.children.map((file) => file.attributes.name), report.files.map((file) => xmlSafe(file.path)));
      const entries = root.children.flatMap((file) =>
        file.children.map((error) => key({ path: file.attributes.name, line: Number(error.attributes.line), column: Number(error.attributes.column), ruleId: error.attributes.source.replace(/^bulwark\./, ''), message: error.attributes.message })),
      );
      const expected = report.files.flatMap((file) => file.findings.map((finding) => key({ path: xmlSafe(file.path), line: finding.line, column: finding.column, ruleId: finding.ruleId, message: finding.message })));
      assert.deepEqual(entries, expected);
      assert.deepEqual(elements(root, 'error').map((error) => error.attributes.severity), report.files.flatMap((file) => file.findings.map((finding) => finding.severity)));
    });
  });

  describe('XML escaping', () => {
    it('escapes markup, keeps line breaks and tabs in attributes, and spells out what XML 1.0 cannot hold', () => {
      assert.equal(escapeXml(`a<b>&"c"'d'`), 'a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
      assert.equal(escapeXml('1\t2\n3\r4'), '1&#9;2&#10;3&#13;4');
      assert.equal(escapeXml('\u0000\u0008\u000b\u001f\ufffe'), '\\u{0}\\u{8}\\u{b}\\u{1f}\\u{fffe}');
      assert.equal(escapeXml('lone \ud800 and \udc00, pair \ud83d\ude00'), 'lone \\u{d800} and \\u{dc00}, pair \ud83d\ude00');
      const attribute = `<x a="${escapeXml('\u0001<&>\n"')}">${escapeXml('\u0002 ]]> text')}</x>`;
      const element = parseXml(attribute);
      assert.equal(element.attributes.a, '\\u{1}<&>\n"');
      assert.equal(element.text, '\\u{2} ]]> text');
    });
  });
});
