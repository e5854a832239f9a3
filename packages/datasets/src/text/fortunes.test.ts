import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseFortuneFile } from './fortune-file';
import { DEBIAN_FORTUNES_DIRECTORY, loadFortunes } from './fortunes';

describe('parseFortuneFile', () => {
  it('splits entries on lines holding only %, dropping blank edges and empty entries', () => {
    expect(parseFortuneFile('One.\n%\n\nTwo,\n\n  lines.\n\n%\n%\n')).toEqual(['One.', 'Two,\n\n  lines.']);
    expect(parseFortuneFile('100%\n%%\n %\nstill one')).toEqual(['100%\n%%\n %\nstill one']);
    expect(parseFortuneFile('\uFEFFa\r\n%\r\nb\rc\r\n')).toEqual(['a', 'b\nc']);
  });

  it('resolves teletype overstrikes and removes control characters but tab and newline', () => {
    expect(parseFortuneFile('the formula is _\bA = _\bX + _\bY.\n\tRen\'\be\n____\b\b\b\bdoes\x07!')).toEqual(["the formula is A = X + Y.\n\tRene\ndoes!"]);
    expect(parseFortuneFile('a\n\bb')).toEqual(['a\nb']);
  });

  it('repairs UTF-8 saved after reading it as Latin-1, once or twice, and leaves real Latin-1 alone', () => {
    expect(parseFortuneFile('You don\u00E2\u0080\u0099t.')).toEqual(['You don\u2019t.']);
    expect(parseFortuneFile('they don\u00C3\u00A2\u00C2\u0080\u00C2\u0099t')).toEqual(['they don\u2019t']);
    expect(parseFortuneFile('a fine of \u00C2\u00A35')).toEqual(['a fine of \u00A35']);
    expect(parseFortuneFile("coup d'\u00E9tat, Linuxkongre\u00DF, \u00FCber")).toEqual(["coup d'\u00E9tat, Linuxkongre\u00DF, \u00FCber"]);
  });
});

/** A directory laid out as Debian's: fortune files, .dat indexes, .u8 links, an off/ subdirectory. */
function fortuneDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'nnts-fortunes-'));
  writeFileSync(join(directory, 'zen'), 'Be here now.\n%\nWhat is the sound\nof one hand?\n%\n');
  writeFileSync(join(directory, 'art'), 'A celebrity is known for his well-knownness.\r\n%\r\n');
  writeFileSync(join(directory, 'art.dat'), Buffer.from([0, 0, 0, 2, 0, 0, 0, 1, 37, 0]));
  symlinkSync(join(directory, 'art'), join(directory, 'art.u8'));
  writeFileSync(join(directory, 'index'), Buffer.from([1, 0, 2, 0]));
  writeFileSync(join(directory, '.hidden'), 'not a fortune\n');
  mkdirSync(join(directory, 'off'));
  writeFileSync(join(directory, 'off', 'rude'), 'Offensive.\n%\n');
  return directory;
}

describe('loadFortunes', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads the fortune files of a directory by sorted name, skipping indexes, links, binaries and subdirectories', async () => {
    const directory = fortuneDirectory();
    const corpus = await loadFortunes({ directory });
    expect(corpus.files).toEqual(['art', 'zen']);
    expect(corpus.directory).toBe(directory);
    expect(corpus.texts).toEqual(['A celebrity is known for his well-knownness.', 'Be here now.', 'What is the sound\nof one hand?']);
    expect(corpus.text).toBe('A celebrity is known for his well-knownness.\n%\nBe here now.\n%\nWhat is the sound\nof one hand?');
    expect((await loadFortunes({ directory, separator: '\n\n' })).text).toBe('A celebrity is known for his well-knownness.\n\nBe here now.\n\nWhat is the sound\nof one hand?');
  });

  it('reads only the files asked for, in the order asked, and refuses missing, binary or repeated names', async () => {
    const directory = fortuneDirectory();
    expect((await loadFortunes({ directory, files: ['zen', 'art'] })).texts[0]).toBe('Be here now.');
    await expect(loadFortunes({ directory, files: ['koans'] })).rejects.toThrow(`loadFortunes: there is no file koans in ${directory}`);
    await expect(loadFortunes({ directory, files: ['art.dat'] })).rejects.toThrow(`loadFortunes: ${join(directory, 'art.dat')} is binary (it holds NUL bytes), not a fortune file`);
    await expect(loadFortunes({ directory, files: ['zen', 'zen'] })).rejects.toThrow(/files\[1\] is the string "zen"; expected the name of a file in .*, listed once/);
    await expect(loadFortunes({ directory, files: [] })).rejects.toThrow('loadFortunes: files must be a non-empty array of file names, got an array of 0');
  });

  it('finds the directory in NNTS_FORTUNES_DIR', async () => {
    vi.stubEnv('NNTS_FORTUNES_DIR', fortuneDirectory());
    expect((await loadFortunes()).files).toEqual(['art', 'zen']);
  });

  it('says how to install the corpus when it is missing', async () => {
    const missing = join(tmpdir(), 'nnts-no-such-fortunes');
    await expect(loadFortunes({ directory: missing })).rejects.toThrow(
      `loadFortunes: ${missing} does not exist. Install the corpus with \`apt-get install fortunes\` (Debian, Ubuntu), or pass { directory }`,
    );
    await expect(loadFortunes({ directory: mkdtempSync(join(tmpdir(), 'nnts-empty-')) })).rejects.toThrow(/holds no fortune files\. Install the corpus with `apt-get install fortunes`/);
  });

  it('refuses a file that is not UTF-8 and unknown options', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'nnts-fortunes-'));
    writeFileSync(join(directory, 'latin1'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    await expect(loadFortunes({ directory })).rejects.toThrow(`loadFortunes: ${join(directory, 'latin1')} is not UTF-8 text`);
    await expect(loadFortunes({ dir: directory } as never)).rejects.toThrow("loadFortunes: unknown option 'dir' (known: directory, files, separator)");
  });

  // science comes with the full fortunes package; fortunes-min alone installs only the file fortunes.
  const installed = existsSync(join(DEBIAN_FORTUNES_DIRECTORY, 'science'));

  it.skipIf(!installed)("loads Debian's fortunes package: clean text, every entry once, repaired where it was garbled", async () => {
    const corpus = await loadFortunes();
    expect(corpus.directory).toBe(DEBIAN_FORTUNES_DIRECTORY);
    expect(corpus.files).toContain('fortunes');
    expect(corpus.files).toEqual([...corpus.files].sort());
    expect(corpus.files.filter((name) => /\.(dat|u8)$/.test(name))).toEqual([]);
    expect(corpus.texts.length).toBeGreaterThan(10_000);
    expect(corpus.text.length).toBeGreaterThan(2_000_000);
    expect(corpus.text.split('\n%\n')).toEqual(corpus.texts);
    expect(corpus.text).not.toMatch(/[\x00-\x08\x0B-\x1F\x7F-\x9F\uFFFD]/);
    expect(corpus.texts).toContain('A celebrity is a person who is known for his well-knownness.');
    expect(corpus.text).toContain('then the formula is A = X + Y + Z.');
    expect(corpus.text).toContain('You don\u2019t, forget I even mentioned it.');
    expect(corpus.text).toContain('a fine of \u00A35 inflicted');
  }, 30_000);
});
