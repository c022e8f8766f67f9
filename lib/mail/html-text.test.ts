import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from './html-text';

describe('htmlToText', () => {
  it('drops head, style, script and comments; keeps line breaks; collapses whitespace', () => {
    const body =
      '<html><head><style>p{color:red}</style><title>x</title></head><body>' +
      '<div dir="ltr">Hi Sam,<div><br></div><div>Could you send the   price\n for 40 seats &amp; the term?<br>Thanks,<br>Dana</div></div>' +
      '<script>alert(1)</script><!-- tracking --></body></html>';
    expect(htmlToText(body)).toBe('Hi Sam,\n\nCould you send the price for 40 seats & the term?\nThanks,\nDana');
  });

  it('turns paragraphs, lists and table rows into lines and decodes entities', () => {
    const out = htmlToText('<p>One&nbsp;&mdash; two</p><p>&lt;b&gt; is text &#x1F680; &#233;</p><ul><li>a</li><li>b</li></ul><table><tr><td>x</td><td>y</td></tr></table>');
    expect(out).toBe('One — two\n\n<b> is text 🚀 é\n\n- a\n- b\nx y');
  });

  it('does not glue nested blocks together and leaves unknown entities alone', () => {
    expect(htmlToText('a<div>b<div>c</div></div>d &unknown; x&times=2')).toBe('a\nb\nc\nd &unknown; x&times=2');
  });
});

describe('decodeEntities', () => {
  it("decodes Gmail's snippet entities", () => {
    expect(decodeEntities('Hi Sam, what&#39;s the price &amp; term?')).toBe("Hi Sam, what's the price & term?");
  });
});
