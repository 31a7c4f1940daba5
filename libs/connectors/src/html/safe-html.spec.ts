import { createHtmlSanitizer, escapeHtml } from './safe-html';

describe('createHtmlSanitizer', () => {
  const sanitize = createHtmlSanitizer({
    tags: ['input'],
    attributes: { div: ['class'], input: ['type', 'checked', 'disabled'] },
    classes: { span: ['known'] },
  });

  it('keeps structure and drops scripts, styles, images and event handlers', () => {
    const html = sanitize(
      '<h2 onclick="x()">T</h2><script>alert(1)</script><style>p{}</style><img src="https://x/y.png"><p>a</p>',
    );
    expect(html).toBe('<h2>T</h2><p>a</p>');
  });

  it('keeps http(s) and mailto links, marks them noopener and drops other and protocol-relative ones', () => {
    const html = sanitize(
      '<a href="https://x.example/a" target="_top">a</a><a href="javascript:alert(1)">b</a><a href="//evil.example/c">c</a>',
    );
    expect(html).toBe(
      '<a href="https://x.example/a" rel="noopener noreferrer nofollow">a</a>' +
        '<a rel="noopener noreferrer nofollow">b</a><a rel="noopener noreferrer nofollow">c</a>',
    );
    expect(createHtmlSanitizer({ linksInNewTab: true })('<a href="mailto:a@b.example">m</a>')).toBe(
      '<a href="mailto:a@b.example" rel="noopener noreferrer nofollow" target="_blank">m</a>',
    );
  });

  it('keeps only a disabled checkbox of an input', () => {
    expect(sanitize('<input type="checkbox" checked name="x"><input type="text" value="secret">')).toBe(
      '<input type="checkbox" checked disabled /><span></span>',
    );
    expect(createHtmlSanitizer()('<input type="checkbox">')).toBe('');
  });

  it('keeps only the listed classes where classes are listed, any class where class is an attribute', () => {
    expect(
      sanitize('<span class="known other">a</span><div class="any thing">b</div><p class="x">c</p>'),
    ).toBe('<span class="known">a</span><div class="any thing">b</div><p>c</p>');
  });

  it('drops link targets and filters text when asked', () => {
    const html = sanitize('<p><a href="https://x.example/">see 1234</a></p>', {
      dropLinks: true,
      textFilter: (text) => text.replace(/\d/g, '#'),
    });
    expect(html).toBe('<p><a>see ####</a></p>');
  });

  it('changes nothing when sanitising its own output again', () => {
    const once = sanitize(
      '<ul><li><input checked type="checkbox"> a <a href="https://x.example/">b</a></li></ul>',
    );
    expect(sanitize(once)).toBe(once);
  });
});

describe('escapeHtml', () => {
  it('escapes text for content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
