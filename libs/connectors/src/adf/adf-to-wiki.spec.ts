import type { AdfDocument, AdfNode } from './adf.types';
import { adfToWikiMarkup } from './adf-to-wiki';
import { textToAdf } from './text-to-adf';

const doc = (...content: AdfNode[]): AdfDocument => ({ type: 'doc', version: 1, content });
const p = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const t = (text: string, marks?: AdfNode['marks']): AdfNode => ({
  type: 'text',
  text,
  ...(marks ? { marks } : {}),
});
const li = (...content: AdfNode[]): AdfNode => ({ type: 'listItem', content });

describe('ADF to Jira wiki markup (Data Center)', () => {
  it('converts paragraphs, headings and marks', () => {
    expect(
      adfToWikiMarkup(
        doc(
          { type: 'heading', attrs: { level: 2 }, content: [t('Result')] },
          p(
            t('bold', [{ type: 'strong' }]),
            t(' and '),
            t('spec', [{ type: 'link', attrs: { href: 'https://x.example/s' } }]),
          ),
        ),
      ),
    ).toBe('h2. Result\n\n*bold* and [spec|https://x.example/s]');
  });

  it('converts nested lists, code blocks, quotes and tables', () => {
    const wiki = adfToWikiMarkup(
      doc(
        {
          type: 'bulletList',
          content: [li(p(t('one')), { type: 'orderedList', content: [li(p(t('sub')))] })],
        },
        { type: 'codeBlock', attrs: { language: 'c' }, content: [t('a * b')] },
        { type: 'blockquote', content: [p(t('quoted'))] },
        {
          type: 'table',
          content: [
            {
              type: 'tableRow',
              content: [
                { type: 'tableHeader', content: [p(t('k'))] },
                { type: 'tableHeader', content: [p(t('v'))] },
              ],
            },
            {
              type: 'tableRow',
              content: [
                { type: 'tableCell', content: [p(t('a'))] },
                { type: 'tableCell', content: [p(t('1'))] },
              ],
            },
          ],
        },
      ),
    );
    expect(wiki).toBe(
      '* one\n*# sub\n\n{code:c}\na * b\n{code}\n\n{quote}\nquoted\n{quote}\n\n||k||v||\n|a|1|',
    );
  });

  it('escapes supplier text so it cannot become markup', () => {
    expect(adfToWikiMarkup(textToAdf('*not bold* [link|x] {html}x{html}\nh1. no heading'))).toBe(
      '\\*not bold\\* \\[link\\|x\\] \\{html\\}x\\{html\\}\n\\h1. no heading',
    );
  });

  it('drops links with unsafe schemes but keeps their text', () => {
    expect(adfToWikiMarkup(doc(p(t('x', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]))))).toBe(
      'x',
    );
  });

  it('shows mentions and media as text', () => {
    expect(
      adfToWikiMarkup(
        doc(p({ type: 'mention', attrs: { id: 'acc', text: '@Li Wei' } }), {
          type: 'mediaSingle',
          content: [{ type: 'media', attrs: { alt: 'a.pdf' } }],
        }),
      ),
    ).toBe('@Li Wei\n\n\\[attachment: a.pdf\\]');
  });
});
