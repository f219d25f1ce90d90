/**
 * Text made safe for XML 1.0, in element content and in double-quoted attributes alike: the five
 * markup characters as entities, line breaks and tabs as character references (an attribute would
 * otherwise fold them into spaces), and the characters XML 1.0 cannot hold at all (C0 controls
 * other than tab and line breaks, lone surrogates, U+FFFE and U+FFFF) written out as `\u{..}`.
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\t\n\r]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (char) => {
    const entity = XML_ENTITIES[char];
    if (entity) return entity;
    return `\\u{${char.charCodeAt(0).toString(16)}}`;
  });
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
