import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlReport } from './html-report';

const svg = '<svg xmlns="http://www.w3.org/2000/svg" class="marks"><rect width="1" height="1"/></svg>';

describe('htmlReport', () => {
  it('lays out the title, description, status, figures and sections in order, charts inline and text escaped', () => {
    const html = htmlReport({
      title: 'digits <demo>', description: 'a & b', status: 'training: epoch 2 of 5', figures: { accuracy: 0.97, 'runId <x>': null },
      sections: [{ title: 'loss', svg }, { title: 'report', text: '<script>alert(1)</script>' }],
    });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>digits &lt;demo&gt;</title>');
    expect(html).toContain('<p>a &amp; b</p>');
    expect(html).toContain('<p class="status">training: epoch 2 of 5</p>');
    expect(html).toContain('<tr><th>accuracy</th><td>0.97</td></tr><tr><th>runId &lt;x&gt;</th><td>null</td></tr>');
    expect(html).toContain(`<h2>loss</h2>${svg}`);
    expect(html).toContain('<pre>&lt;script&gt;alert(1)&lt;/script&gt;</pre>');
    expect(html).not.toContain('<script>');
    expect(html.indexOf('<h2>loss</h2>')).toBeLessThan(html.indexOf('<h2>report</h2>'));
    expect(html).not.toContain('http-equiv="refresh"');
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });

  it('asks the browser to reload the page only when given refreshSeconds', () => {
    expect(htmlReport({ title: 't', refreshSeconds: 3 })).toContain('<meta http-equiv="refresh" content="3">');
  });

  it('refuses a section with both or neither of svg and text, markup that is not SVG, a bad refresh and unknown options', () => {
    expect(() => htmlReport({ title: 't', sections: [{ title: 'x', svg, text: 'y' } as never] })).toThrow("htmlReport: sections[0] ('x') must have svg or text, exactly one of them");
    expect(() => htmlReport({ title: 't', sections: [{ title: 'x' } as never] })).toThrow("htmlReport: sections[0] ('x') must have svg or text, exactly one of them");
    expect(() => htmlReport({ title: 't', sections: [{ title: 'x', svg: '<img src=x onerror=alert(1)>' }] })).toThrow('htmlReport: sections[0].svg must be SVG markup (<svg ...>...</svg>, as renderSvg returns), got "<img src=x onerror=alert(1)>"');
    expect(() => htmlReport({ title: 't', sections: [{ title: 'x', text: 'y', file: 'a.svg' } as never] })).toThrow("htmlReport: sections[0] has the unknown key 'file' (known: title, svg, text)");
    expect(() => htmlReport({ title: 't', refreshSeconds: 0.5 })).toThrow('htmlReport: refreshSeconds must be an integer >= 1, got 0.5');
    expect(() => htmlReport({ title: '' })).toThrow('htmlReport: title must be a non-empty string, got ""');
    expect(() => htmlReport({ title: 't', refresh: 2 } as never)).toThrow("htmlReport: unknown option 'refresh' (known: title, description, figures, sections, status, refreshSeconds)");
  });
});
