/**
 * A strict, streaming XML scanner specialised for XES event logs.
 *
 * It checks well-formedness as XML 1.0 defines it for documents without a DTD — matching start and end
 * tags, one root element, quoted and unique attributes, the five predefined entities and character
 * references, comments, processing instructions and the XML declaration — and reports the first
 * violation with its line and column. Text is fed in chunks of any size (a tag may straddle two chunks);
 * only the unfinished tail of a chunk is kept, so memory stays constant whatever the document size.
 *
 * XES keeps every value in attributes, so character data other than whitespace is rejected (as an XES
 * problem inside the root element, as an XML problem outside it). DTDs are rejected: no XES producer
 * writes them, and they are the door to entity-expansion attacks.
 */

/**
 * Attributes of the start tag being reported; reused between calls, so copy what you keep. Values are
 * not sliced out unless asked for (`attributeValue`): a reader can parse numbers and dates straight
 * from `codes`, the UTF-16 codes of `text`.
 */
export interface XmlAttributes {
  count: number;
  names: string[];
  /** Offsets of each raw value (between the quotes) in `text` and `codes`. */
  starts: number[];
  ends: number[];
  /** The value with references decoded and whitespace normalised, when it differs from the raw text. */
  decoded: (string | undefined)[];
  /** 1-based line and column of the first character of each value (just after the quote). */
  lines: number[];
  columns: number[];
  text: string;
  codes: Codes;
}

/** The value of attribute `k` as a string. */
export function attributeValue(a: XmlAttributes, k: number): string {
  return a.decoded[k] ?? a.text.slice(a.starts[k] ?? 0, a.ends[k] ?? 0);
}

export interface XmlHandler {
  /** A start tag (or empty-element tag when `selfClosing`), at the line and column of its `<`. */
  startElement(
    name: string,
    attributes: XmlAttributes,
    selfClosing: boolean,
    line: number,
    column: number,
  ): void;
  /** The end tag matching the last open start tag that was not self-closing. */
  endElement(name: string): void;
}

export type XmlProblemCode = "PARSE_ERROR" | "XES_INVALID" | "FILE_EMPTY";

/** A well-formedness problem at a line and column; the reader turns it into an AppError. */
export class XmlProblem extends Error {
  constructor(
    readonly code: XmlProblemCode,
    readonly line: number,
    readonly column: number,
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = "XmlProblem";
  }
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const AMP = 38;
const SQUOTE = 39;
const SLASH = 47;
const LT = 60;
const EQ = 61;
const GT = 62;
const QUESTION = 63;

/** Marks a token that the current chunk ends inside: scanning resumes there when more text arrives. */
const NEED_MORE = -1;

// Character classes by UTF-16 code unit, so that the hot loops test one table entry per character.
const NAME_START = 1;
const NAME_CHAR = 2;
/** In attribute values: characters that need a closer look (controls, "&", "<", U+FFFE, U+FFFF). */
const VALUE_SPECIAL = 4;
const DOUBLE_QUOTE = 8;
const SINGLE_QUOTE = 16;
const CLASSES = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  let k = 0;
  const letter =
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    c === 95 ||
    c === 58 ||
    (c >= 0xc0 && c !== 0xd7 && c !== 0xf7);
  if (letter) k |= NAME_START | NAME_CHAR;
  if ((c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7) k |= NAME_CHAR;
  if (c < 32 || c === 38 || c === 60 || c >= 0xfffe) k |= VALUE_SPECIAL;
  if (c === 34) k |= DOUBLE_QUOTE;
  if (c === 39) k |= SINGLE_QUOTE;
  CLASSES[c] = k;
}

function isNameStart(c: number): boolean {
  return ((CLASSES[c] as number) & NAME_START) !== 0;
}

function isNameChar(c: number): boolean {
  return ((CLASSES[c] as number) & NAME_CHAR) !== 0;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === LF || c === TAB || c === CR;
}

/** Shows a character in a message: printable ones as themselves, others as U+XXXX. */
export function describeChar(c: number): string {
  if (c > 32 && c < 127) return `"${String.fromCharCode(c)}"`;
  return `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
}

function isXmlChar(cp: number): boolean {
  return (
    cp === TAB ||
    cp === LF ||
    cp === CR ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/**
 * The UTF-16 code units of a text chunk, which the scanner reads instead of the string: indexed loads
 * from a typed array are about twice as fast as `charCodeAt`, and offsets stay those of the string that
 * values are sliced from. For pure ASCII text the bytes as read are the codes (a Uint8Array).
 */
export type Codes = Uint8Array | Uint16Array;

// Byte codes are always Buffers (never plain Uint8Arrays), so the scanner's loads see one map.
const EMPTY_CODES: Codes = Buffer.alloc(0);

function joinCodes(a: Codes, b: Codes): Codes {
  const length = a.length + b.length;
  const joined =
    a instanceof Uint8Array && b instanceof Uint8Array ? Buffer.allocUnsafe(length) : new Uint16Array(length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** A copy of `codes` from `start` on (the reader may reuse the memory of the chunk). */
function tailOf(codes: Codes, start: number): Codes {
  return codes instanceof Uint8Array ? Buffer.from(codes.subarray(start)) : codes.slice(start);
}

/** The codes of a string. */
export function toCodes(s: string): Uint16Array {
  const bytes = Buffer.from(s, "utf16le");
  if ((bytes.byteOffset & 1) === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, s.length);
  return new Uint16Array(Uint8Array.from(bytes).buffer, 0, s.length);
}

/**
 * The same string instance for the names that occur millions of times in XES files, so they are not
 * allocated again and again and compare by identity; undefined for other names. Written out letter by
 * letter: this runs for every tag and attribute name.
 */
function commonName(c: Codes, at: number, end: number): string | undefined {
  switch (end - at) {
    case 2:
      return c[at] === 105 && c[at + 1] === 100 ? "id" : undefined;
    case 3:
      if (c[at] === 107) return c[at + 1] === 101 && c[at + 2] === 121 ? "key" : undefined;
      return c[at] === 105 && c[at + 1] === 110 && c[at + 2] === 116 ? "int" : undefined;
    case 4:
      if (c[at] === 100)
        return c[at + 1] === 97 && c[at + 2] === 116 && c[at + 3] === 101 ? "date" : undefined;
      return c[at] === 108 && c[at + 1] === 105 && c[at + 2] === 115 && c[at + 3] === 116
        ? "list"
        : undefined;
    case 5: {
      const first = c[at];
      const tail = c[at + 4];
      if (first === 118) {
        return c[at + 1] === 97 && c[at + 2] === 108 && c[at + 3] === 117 && tail === 101
          ? "value"
          : undefined;
      }
      if (first === 101) {
        return c[at + 1] === 118 && c[at + 2] === 101 && c[at + 3] === 110 && tail === 116
          ? "event"
          : undefined;
      }
      if (first === 116) {
        return c[at + 1] === 114 && c[at + 2] === 97 && c[at + 3] === 99 && tail === 101
          ? "trace"
          : undefined;
      }
      return first === 102 && c[at + 1] === 108 && c[at + 2] === 111 && c[at + 3] === 97 && tail === 116
        ? "float"
        : undefined;
    }
    case 6:
      if (c[at] === 115) {
        return c[at + 1] === 116 &&
          c[at + 2] === 114 &&
          c[at + 3] === 105 &&
          c[at + 4] === 110 &&
          c[at + 5] === 103
          ? "string"
          : undefined;
      }
      return c[at] === 118 &&
        c[at + 1] === 97 &&
        c[at + 2] === 108 &&
        c[at + 3] === 117 &&
        c[at + 4] === 101 &&
        c[at + 5] === 115
        ? "values"
        : undefined;
    case 7:
      return c[at] === 98 &&
        c[at + 1] === 111 &&
        c[at + 2] === 111 &&
        c[at + 3] === 108 &&
        c[at + 4] === 101 &&
        c[at + 5] === 97 &&
        c[at + 6] === 110
        ? "boolean"
        : undefined;
    default:
      return undefined;
  }
}

export class XmlScanner {
  private readonly handler: XmlHandler;
  private pending = "";
  private pendingCodes: Codes = EMPTY_CODES;
  /** Absolute character offset of `pending[0]` in the whole document. */
  private base = 0;
  private line = 1;
  /** Absolute offset of the first character of the current line. */
  private lineStart = 0;
  private readonly openNames: string[] = [];
  private readonly openLines: number[] = [];
  private readonly openColumns: number[] = [];
  private rootSeen = false;
  private rootClosed = false;
  private ended = false;
  private readonly attributes: XmlAttributes = {
    count: 0,
    names: [],
    starts: [],
    ends: [],
    decoded: [],
    lines: [],
    columns: [],
    text: "",
    codes: EMPTY_CODES,
  };

  constructor(handler: XmlHandler) {
    this.handler = handler;
  }

  /** Scans the next piece of text. Throws an XmlProblem at the first well-formedness problem. */
  write(text: string, codes: Codes = toCodes(text)): void {
    if (this.ended) throw new Error("XmlScanner.write after end");
    if (this.pending.length === 0) this.scan(text, codes, false);
    else this.scan(this.pending + text, joinCodes(this.pendingCodes, codes), false);
  }

  /** Scans what is left and checks that the document is complete. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.scan(this.pending, this.pendingCodes, true);
    const where = this.position();
    const open = this.openNames.length;
    if (open > 0) {
      const name = this.openNames[open - 1] ?? "";
      throw new XmlProblem(
        "PARSE_ERROR",
        where.line,
        where.column,
        `the file ends before <${name}> (opened at ${this.openLines[open - 1]}:${this.openColumns[open - 1]}) is closed, so it is incomplete`,
        "the file was probably cut off while it was written, copied or downloaded; export or download it again",
      );
    }
    if (!this.rootSeen) {
      if (this.base === 0 && this.line === 1 && this.lineStart === 0) {
        throw new XmlProblem(
          "FILE_EMPTY",
          1,
          1,
          "the file has no content",
          "export the event log again; an XES file starts with <?xml ...?> and holds a <log> element",
        );
      }
      throw new XmlProblem(
        "PARSE_ERROR",
        where.line,
        where.column,
        "the file has no root element, so it holds no event log",
        "export the event log again; an XES file holds one <log> element",
      );
    }
  }

  /** Line and column just after the last character given so far. */
  position(): { line: number; column: number } {
    let line = this.line;
    let lineStart = this.lineStart;
    const s = this.pending;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) === LF) {
        line++;
        lineStart = this.base + i + 1;
      }
    }
    return { line, column: this.base + s.length - lineStart + 1 };
  }

  private scan(s: string, codes: Codes, final: boolean): void {
    const n = s.length;
    const classes = CLASSES;
    const handler = this.handler;
    const attrs = this.attributes;
    const names = attrs.names;
    const starts = attrs.starts;
    const ends = attrs.ends;
    const decoded = attrs.decoded;
    attrs.text = s;
    attrs.codes = codes;
    const valueLines = attrs.lines;
    const valueColumns = attrs.columns;
    const openNames = this.openNames;
    const base = this.base;
    let line = this.line;
    /** Offset of the current line's first character, relative to `s` (negative if it began earlier). */
    let lineStart = this.lineStart - base;
    let i = 0;

    while (i < n) {
      let c = codes[i] as number;
      if (c !== LT) {
        if (c === LF) {
          line++;
          lineStart = i + 1;
        } else if (c !== SPACE && c !== TAB && c !== CR) {
          this.textProblem(s, i, line, i - lineStart + 1);
        }
        i++;
        continue;
      }

      const tagStart = i;
      const tagLine = line;
      const tagColumn = i - lineStart + 1;
      const tagLineStart = lineStart;
      let next = NEED_MORE;

      if (i + 1 < n) {
        c = codes[i + 1] as number;
        if (c === SLASH) {
          // End tag: </name S? >
          let j = i + 2;
          while (j < n && isNameChar(codes[j] as number)) j++;
          const nameEnd = j;
          while (j < n && isSpace(codes[j] as number)) {
            if ((codes[j] as number) === LF) {
              line++;
              lineStart = j + 1;
            }
            j++;
          }
          if (j < n) {
            if ((codes[j] as number) !== GT || nameEnd === i + 2) {
              throw this.problem(
                line,
                j - lineStart + 1,
                `the end tag starting at ${tagLine}:${tagColumn} is malformed (found ${describeChar(codes[j] as number)})`,
                "write it as </name> with the name of the element it closes, for example </event>",
              );
            }
            const open = openNames.length;
            const expected = openNames[open - 1] ?? "";
            // Compare with the open element's name in place; slice only for a message.
            let same = open > 0 && expected.length === nameEnd - i - 2;
            for (let k = 0; same && k < expected.length; k++)
              same = codes[i + 2 + k] === expected.charCodeAt(k);
            const name = same ? expected : s.slice(i + 2, nameEnd);
            if (open === 0) {
              throw this.problem(
                tagLine,
                tagColumn,
                `</${name}> closes an element that was never opened`,
                `remove </${name}> or add the matching <${name}> before it`,
              );
            }
            if (!same) {
              throw this.problem(
                tagLine,
                tagColumn,
                `</${name}> does not match <${expected}> opened at ${this.openLines[open - 1]}:${this.openColumns[open - 1]}`,
                `close <${expected}> with </${expected}> before </${name}>; an element may be missing its end tag`,
              );
            }
            openNames.pop();
            this.openLines.pop();
            this.openColumns.pop();
            if (openNames.length === 0) this.rootClosed = true;
            handler.endElement(expected);
            next = j + 1;
          }
        } else if (c === BANG) {
          next = this.markupDeclaration(s, i, final, tagLine, tagColumn);
          if (next !== NEED_MORE) {
            // Comments and CDATA may span lines.
            for (let j = i; j < next; j++) {
              if ((codes[j] as number) === LF) {
                line++;
                lineStart = j + 1;
              }
            }
          }
        } else if (c === QUESTION) {
          next = this.processingInstruction(s, i, final, tagLine, tagColumn);
          if (next !== NEED_MORE) {
            for (let j = i; j < next; j++) {
              if ((codes[j] as number) === LF) {
                line++;
                lineStart = j + 1;
              }
            }
          }
        } else {
          // Start tag: <name (S attr S? = S? "value")* S? /?>
          if (!isNameStart(c)) {
            throw this.problem(
              tagLine,
              tagColumn,
              `"<" followed by ${describeChar(c)} does not start a tag`,
              'write a literal "<" in a value as &lt;',
            );
          }
          let j = i + 2;
          while (j < n && isNameChar(codes[j] as number)) j++;
          const nameEnd = j;
          let count = 0;
          let selfClosing = false;
          let complete = false;
          let sawSpace = false;
          scanAttributes: while (j < n) {
            c = codes[j] as number;
            if (c === SPACE || c === LF || c === TAB || c === CR) {
              if (c === LF) {
                line++;
                lineStart = j + 1;
              }
              sawSpace = true;
              j++;
              continue;
            }
            if (c === GT) {
              complete = true;
              j++;
              break;
            }
            if (c === SLASH) {
              if (j + 1 >= n) break;
              if ((codes[j + 1] as number) !== GT) {
                throw this.problem(
                  line,
                  j - lineStart + 1,
                  `"/" inside the tag <${s.slice(i + 1, nameEnd)}> must be followed by ">"`,
                  "end an empty element with />",
                );
              }
              selfClosing = true;
              complete = true;
              j += 2;
              break;
            }
            if (!isNameStart(c)) {
              const tagName = s.slice(i + 1, nameEnd);
              throw this.problem(
                line,
                j - lineStart + 1,
                j === nameEnd
                  ? `the tag name <${tagName}> is followed by ${describeChar(c)}, which is not allowed in a name`
                  : `unexpected ${describeChar(c)} inside the tag <${tagName}>`,
                'attributes are written name="value", separated by spaces, and the tag ends with > or />',
              );
            }
            if (!sawSpace) {
              throw this.problem(
                line,
                j - lineStart + 1,
                `attributes of <${s.slice(i + 1, nameEnd)}> must be separated by a space`,
                'put a space between attributes, as in key="a" value="b"',
              );
            }
            // Attribute name.
            const attrNameStart = j;
            const attrNameLine = line;
            const attrNameColumn = j - lineStart + 1;
            j++;
            while (j < n && isNameChar(codes[j] as number)) j++;
            const attrNameEnd = j;
            while (j < n && isSpace(codes[j] as number)) {
              if ((codes[j] as number) === LF) {
                line++;
                lineStart = j + 1;
              }
              j++;
            }
            if (j >= n) break;
            if ((codes[j] as number) !== EQ) {
              const attrName = s.slice(attrNameStart, attrNameEnd);
              throw this.problem(
                line,
                j - lineStart + 1,
                `the attribute ${attrName} in <${s.slice(i + 1, nameEnd)}> has no value`,
                `write ${attrName}="..." with the value in quotes`,
              );
            }
            j++;
            while (j < n && isSpace(codes[j] as number)) {
              if ((codes[j] as number) === LF) {
                line++;
                lineStart = j + 1;
              }
              j++;
            }
            if (j >= n) break;
            const quote = codes[j] as number;
            if (quote !== DQUOTE && quote !== SQUOTE) {
              const attrName = s.slice(attrNameStart, attrNameEnd);
              throw this.problem(
                line,
                j - lineStart + 1,
                `the value of the attribute ${attrName} in <${s.slice(i + 1, nameEnd)}> is not in quotes`,
                `write ${attrName}="value" with double or single quotes around the value`,
              );
            }
            j++;
            const valueStart = j;
            const valueLine = line;
            const valueColumn = j - lineStart + 1;
            let plain = true;
            const stop = (quote === DQUOTE ? DOUBLE_QUOTE : SINGLE_QUOTE) | VALUE_SPECIAL;
            for (;;) {
              if (j >= n) break scanAttributes;
              c = codes[j] as number;
              const k = (classes[c] as number) & stop;
              if (k === 0) {
                j++;
                continue;
              }
              if (c === quote) break;
              if (c === LF) {
                line++;
                lineStart = j + 1;
              } else if (c === LT) {
                throw this.problem(
                  line,
                  j - lineStart + 1,
                  `a value contains "<", which XML does not allow inside attribute values`,
                  'write "<" as &lt; (the file may also be missing a closing quote before this point)',
                );
              } else if (c !== AMP && c !== TAB && c !== CR) {
                throw this.problem(
                  line,
                  j - lineStart + 1,
                  `a value contains the control character ${describeChar(c)}, which XML does not allow`,
                  "remove the character from the source data and export the file again",
                );
              }
              plain = false;
              j++;
            }
            const valueEnd = j;
            j++;
            const attrName =
              commonName(codes, attrNameStart, attrNameEnd) ?? s.slice(attrNameStart, attrNameEnd);
            for (let k = 0; k < count; k++) {
              if (names[k] === attrName) {
                throw this.problem(
                  attrNameLine,
                  attrNameColumn,
                  `the attribute ${attrName} appears twice in <${s.slice(i + 1, nameEnd)}>`,
                  `keep one ${attrName}="..." per tag`,
                );
              }
            }
            names[count] = attrName;
            starts[count] = valueStart;
            ends[count] = valueEnd;
            decoded[count] = plain
              ? undefined
              : this.decodeValue(s, valueStart, valueEnd, valueLine, valueColumn);
            valueLines[count] = valueLine;
            valueColumns[count] = valueColumn;
            count++;
            sawSpace = false;
          }
          if (complete) {
            const name = commonName(codes, i + 1, nameEnd) ?? s.slice(i + 1, nameEnd);
            if (openNames.length === 0) {
              if (this.rootClosed) {
                throw this.problem(
                  tagLine,
                  tagColumn,
                  `<${name}> comes after the end of the root element; an XML file has exactly one root element`,
                  "remove everything after the closing </log>, or merge the logs into one <log>",
                );
              }
              this.rootSeen = true;
            }
            attrs.count = count;
            if (!selfClosing) {
              openNames.push(name);
              this.openLines.push(tagLine);
              this.openColumns.push(tagColumn);
            } else if (openNames.length === 0) {
              this.rootClosed = true;
            }
            handler.startElement(name, attrs, selfClosing, tagLine, tagColumn);
            next = j;
          }
        }
      }

      if (next === NEED_MORE) {
        if (final) {
          throw new XmlProblem(
            "PARSE_ERROR",
            tagLine,
            tagColumn,
            "the file ends inside a tag that starts here, so it is incomplete",
            "the file was probably cut off while it was written, copied or downloaded; export or download it again",
          );
        }
        // Keep the unfinished token; it is scanned again when more text arrives.
        this.pending = s.slice(tagStart);
        this.pendingCodes = tailOf(codes, tagStart);
        this.base = base + tagStart;
        this.line = tagLine;
        this.lineStart = base + tagLineStart;
        return;
      }
      i = next;
    }

    this.pending = "";
    this.pendingCodes = EMPTY_CODES;
    this.base = base + n;
    this.line = line;
    this.lineStart = base + lineStart;
  }

  /** `<!--`, `<![CDATA[` or `<!DOCTYPE`; returns the offset after it or NEED_MORE. */
  private markupDeclaration(s: string, i: number, final: boolean, line: number, column: number): number {
    const n = s.length;
    if (s.startsWith("<!--", i)) {
      const close = s.indexOf("--", i + 4);
      if (close < 0 || close + 2 >= n) {
        if (final) {
          throw this.problem(
            line,
            column,
            "a comment starts here but never ends",
            "end the comment with -->",
          );
        }
        return NEED_MORE;
      }
      if (s.charCodeAt(close + 2) !== GT) {
        const at = this.locate(s, i, line, column, close);
        throw this.problem(
          at.line,
          at.column,
          'a comment contains "--", which XML does not allow inside comments',
          'remove the "--" from the comment, or end the comment with -->',
        );
      }
      return close + 3;
    }
    if (s.startsWith("<![CDATA[", i)) {
      if (this.openNames.length === 0) {
        throw this.problem(line, column, "a CDATA section is outside the root element", "remove it");
      }
      const close = s.indexOf("]]>", i + 9);
      if (close < 0) {
        if (final)
          throw this.problem(line, column, "a CDATA section starts here but never ends", "end it with ]]>");
        return NEED_MORE;
      }
      for (let j = i + 9; j < close; j++) {
        if (!isSpace(s.charCodeAt(j))) {
          const at = this.locate(s, i, line, column, j);
          throw new XmlProblem(
            "XES_INVALID",
            at.line,
            at.column,
            "XES keeps every value in attributes, but a CDATA section here holds text",
            'put the value in an attribute such as <string key="..." value="..."/>',
          );
        }
      }
      return close + 3;
    }
    if (n - i < 9 && "<![CDATA[".startsWith(s.slice(i)) && !final) return NEED_MORE;
    if (n - i < 9 && "<!DOCTYPE".startsWith(s.slice(i)) && !final) return NEED_MORE;
    if (n - i < 4 && "<!--".startsWith(s.slice(i)) && !final) return NEED_MORE;
    if (s.startsWith("<!DOCTYPE", i)) {
      throw this.problem(
        line,
        column,
        "the file has a <!DOCTYPE> declaration, which XES files do not use",
        "remove the <!DOCTYPE ...> declaration",
      );
    }
    throw this.problem(
      line,
      column,
      '"<!" must start a comment <!-- ... -->',
      'write a literal "<" as &lt;, or complete the comment',
    );
  }

  /** `<?target ...?>`, including the XML declaration; returns the offset after it or NEED_MORE. */
  private processingInstruction(s: string, i: number, final: boolean, line: number, column: number): number {
    const close = s.indexOf("?>", i + 2);
    if (close < 0) {
      if (final) {
        throw this.problem(
          line,
          column,
          "a processing instruction <? starts here but never ends",
          "end it with ?>",
        );
      }
      return NEED_MORE;
    }
    let j = i + 2;
    if (!isNameStart(s.charCodeAt(j))) {
      throw this.problem(
        line,
        column,
        '"<?" must be followed by a name, as in <?xml',
        'write a literal "<" as &lt;',
      );
    }
    while (j < close && isNameChar(s.charCodeAt(j))) j++;
    const target = s.slice(i + 2, j);
    if (j < close && !isSpace(s.charCodeAt(j))) {
      const at = this.locate(s, i, line, column, j);
      throw this.problem(
        at.line,
        at.column,
        `unexpected ${describeChar(s.charCodeAt(j))} after <?${target}`,
        "put a space after the name",
      );
    }
    if (target.toLowerCase() === "xml") {
      if (this.base + i !== 0) {
        throw this.problem(
          line,
          column,
          "the XML declaration <?xml ...?> must be the very first thing in the file",
          "remove what comes before <?xml (blank lines or spaces, or a second declaration)",
        );
      }
      if (target !== "xml") {
        throw this.problem(
          line,
          column,
          `the XML declaration must be written <?xml, not <?${target}`,
          "write <?xml",
        );
      }
      this.checkDeclaration(s.slice(j, close), line, column);
    }
    return close + 2;
  }

  private checkDeclaration(body: string, line: number, column: number): void {
    const pattern =
      /^\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/;
    if (!pattern.test(body)) {
      throw this.problem(
        line,
        column,
        `the XML declaration <?xml${body}?> is malformed`,
        'write it as <?xml version="1.0" encoding="UTF-8"?>',
      );
    }
  }

  /** Decodes references and normalises whitespace in an attribute value, as XML 1.0 section 3.3.3 says. */
  private decodeValue(s: string, start: number, end: number, line: number, column: number): string {
    let out = "";
    let from = start;
    for (let j = start; j < end; j++) {
      const c = s.charCodeAt(j);
      if (c === AMP) {
        out += s.slice(from, j);
        const semi = s.indexOf(";", j + 1);
        if (semi < 0 || semi > end || semi === j + 1) {
          const at = this.locate(s, start, line, column, j);
          throw this.problem(
            at.line,
            at.column,
            'a value contains "&" that does not start an entity such as &amp;',
            'write a literal "&" as &amp;',
          );
        }
        const ref = s.slice(j + 1, semi);
        let decoded: string | undefined;
        if (s.charCodeAt(j + 1) === HASH) {
          const hex = ref.charCodeAt(1) === 120;
          const digits = hex ? ref.slice(2) : ref.slice(1);
          const valid = hex ? /^[0-9A-Fa-f]{1,8}$/.test(digits) : /^[0-9]{1,10}$/.test(digits);
          const cp = valid ? Number.parseInt(digits, hex ? 16 : 10) : -1;
          if (isXmlChar(cp)) decoded = String.fromCodePoint(cp);
          else {
            const at = this.locate(s, start, line, column, j);
            throw this.problem(
              at.line,
              at.column,
              `the character reference &${ref}; is not a character XML allows`,
              "remove it, or write the character itself",
            );
          }
        } else {
          decoded = PREDEFINED[ref];
          if (decoded === undefined) {
            const at = this.locate(s, start, line, column, j);
            throw this.problem(
              at.line,
              at.column,
              `the entity &${ref}; is not defined; XML knows only &lt; &gt; &amp; &quot; &apos; and numeric references`,
              `write the character itself, or a numeric reference such as &#233;; write a literal "&" as &amp;`,
            );
          }
        }
        out += decoded;
        j = semi;
        from = semi + 1;
      } else if (c === CR || c === LF || c === TAB) {
        out += s.slice(from, j);
        out += " ";
        if (c === CR && j + 1 < end && s.charCodeAt(j + 1) === LF) j++;
        from = j + 1;
      }
    }
    return out + s.slice(from, end);
  }

  /** Line and column of offset `target` in `s`, counting from a known line and column at `from`. */
  private locate(
    s: string,
    from: number,
    line: number,
    column: number,
    target: number,
  ): { line: number; column: number } {
    let l = line;
    let lineStart = from - column + 1;
    for (let j = from; j < target; j++) {
      if (s.charCodeAt(j) === LF) {
        l++;
        lineStart = j + 1;
      }
    }
    return { line: l, column: target - lineStart + 1 };
  }

  private textProblem(s: string, i: number, line: number, column: number): never {
    const c = s.charCodeAt(i);
    if (this.openNames.length > 0) {
      if (c === AMP && !/^&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/.test(s.slice(i, i + 12))) {
        throw this.problem(
          line,
          column,
          'the text contains "&" that does not start an entity such as &amp;',
          'write a literal "&" as &amp;',
        );
      }
      throw new XmlProblem(
        "XES_INVALID",
        line,
        column,
        `XES keeps every value in attributes, but there is text here (${describeChar(c)})`,
        'put the value in an attribute such as <string key="..." value="..."/>, or remove the text',
      );
    }
    if (c === 0 || c === 0xfffd) {
      throw this.problem(
        line,
        column,
        `the file contains binary data (${describeChar(c)}) where XML text was expected`,
        "check that this is an XES file; it may be damaged or in another format",
      );
    }
    throw this.problem(
      line,
      column,
      `there is text (${describeChar(c)}) outside the root element`,
      this.rootClosed
        ? "remove everything after the closing </log>"
        : "the file must start with <?xml ...?> or <log>; remove what comes before it",
    );
  }

  private problem(line: number, column: number, message: string, fix: string): XmlProblem {
    return new XmlProblem("PARSE_ERROR", line, column, message, fix);
  }
}
