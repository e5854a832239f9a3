import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeHtmlReport } from './write-html-report';

describe('writeHtmlReport', () => {
  it('creates missing folders, replaces the file whole and leaves no temporary file behind', () => {
    const root = mkdtempSync(join(tmpdir(), 'nnts-report-'));
    const file = join(root, 'a', 'b', 'index.html');
    expect(writeHtmlReport(file, { title: 'first' })).toBe(file);
    writeHtmlReport(file, { title: 'second' });
    expect(readFileSync(file, 'utf8')).toContain('<h1>second</h1>');
    expect(readdirSync(join(root, 'a', 'b'))).toEqual(['index.html']);
  });

  it('says so when the path is a folder or its folder cannot be made', () => {
    const root = mkdtempSync(join(tmpdir(), 'nnts-report-'));
    expect(() => writeHtmlReport(root, { title: 't' })).toThrow(`writeHtmlReport: ${root} is a folder; give the path of the HTML file to write (e.g. ${join(root, 'index.html')})`);
    writeFileSync(join(root, 'file'), 'x');
    expect(() => writeHtmlReport(join(root, 'file', 'index.html'), { title: 't' })).toThrow(new RegExp(`^writeHtmlReport: cannot create the folder ${join(root, 'file')} for ${join(root, 'file', 'index.html')}: .*(EEXIST|ENOTDIR)`));
    expect(() => writeHtmlReport('', { title: 't' })).toThrow('writeHtmlReport: file must be a non-empty string, got ""');
  });
});
