import { describe, expect, it } from 'vitest';
import { assertBoolean, assertFiniteNumber, assertKnownOptions } from './options';

describe('option checks', () => {
  it('names an unknown option and lists the known ones', () => {
    expect(() => assertKnownOptions('LeakyReLU', { alhpa: 0.1 }, ['alpha'])).toThrow("LeakyReLU: unknown option 'alhpa' (known: alpha)");
    expect(() => assertKnownOptions('ReLU', { x: 1 }, [])).toThrow('(known: none)');
    expect(() => assertKnownOptions('LeakyReLU', { alpha: 0.1 }, ['alpha'])).not.toThrow();
  });

  it('requires finite numbers', () => {
    expect(() => assertFiniteNumber('ELU', 'alpha', Number.NaN)).toThrow('ELU: alpha must be a finite number, got NaN');
    expect(() => assertFiniteNumber('ELU', 'alpha', '1')).toThrow('got "1"');
    expect(() => assertFiniteNumber('ELU', 'alpha', 1)).not.toThrow();
  });

  it('requires booleans', () => {
    expect(() => assertBoolean('CrossEntropy', 'fromLogits', 'yes')).toThrow('CrossEntropy: fromLogits must be true or false, got "yes"');
    expect(() => assertBoolean('CrossEntropy', 'fromLogits', false)).not.toThrow();
  });
});
