/**
 * The course diagrams (src/components/diagrams/): each is an accessible SVG figure with a
 * title, a full text alternative and a caption, draws only with currentColor and the
 * --diagram-* variables (so it follows dark mode), keeps text readable, and uses ids no
 * other diagram uses. The checks read the component sources.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(process.cwd(), 'src/components/diagrams');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.astro'))
  .sort();
const source = new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
const css = readdirSync(dir)
  .filter((f) => f.endsWith('.css'))
  .map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));

/** The files lessons import by name. */
const EXPECTED = [
  'ApplyToRunningPod.astro',
  'ControlPlaneInternals.astro',
  'DeploymentHierarchy.astro',
  'HaZones.astro',
  'Namespaces.astro',
  'RollingUpdate.astro',
  'ServiceEndpoints.astro',
  'WorkerNodeInternals.astro',
];

/** CSS named colours (CSS Color Module Level 4), which a diagram must not use. */
const NAMED_COLOURS = new Set(
  (
    'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue ' +
    'blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk ' +
    'crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki ' +
    'darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen ' +
    'darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue ' +
    'dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite ' +
    'gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki ' +
    'lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan ' +
    'lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen ' +
    'lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen ' +
    'magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen ' +
    'mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream ' +
    'mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid ' +
    'palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum ' +
    'powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown ' +
    'seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen ' +
    'steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen'
  ).split(' '),
);

/** Properties and SVG presentation attributes whose whole value is a colour. */
const COLOUR_PROPS = [
  'fill',
  'stroke',
  'color',
  'stop-color',
  'flood-color',
  'lighting-color',
  'background-color',
  'border-color',
  'outline-color',
];

/** A colour value the diagrams may use: currentColor, none, or a CSS variable. */
function allowedColour(value: string): boolean {
  const v = value.trim().replace(/\s*!important$/, '');
  return /^(currentColor|none)$/i.test(v) || /^var\(--[\w-]+(\s*,\s*[^()]*)?\)$/.test(v);
}

/** Literal colours (hex, rgb()/hsl() and friends, named) anywhere in a CSS value. */
function literalColours(value: string): string[] {
  const found: string[] = [];
  for (const m of value.matchAll(/#[0-9a-f]{3,8}\b/gi)) found.push(m[0]);
  for (const m of value.matchAll(/\b(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(/gi)) found.push(m[0]);
  for (const word of value.toLowerCase().match(/[a-z-]+/g) ?? [])
    if (NAMED_COLOURS.has(word)) found.push(word);
  return found;
}

/** Every colour problem in CSS text (a <style> block, a style attribute or a .css file). */
function cssColourProblems(text: string): string[] {
  const problems: string[] = [];
  const body = text.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const m of body.matchAll(/([\w-]+)\s*:\s*([^;{}]+)/g)) {
    const [, prop, value] = m as unknown as [string, string, string];
    // Selectors such as `a:focus-visible {` also match; real declarations end before `{`.
    if (body[(m.index ?? 0) + m[0].length] === '{') continue;
    if (COLOUR_PROPS.includes(prop.toLowerCase())) {
      if (!allowedColour(value)) problems.push(`${prop}: ${value.trim()}`);
    } else {
      for (const c of literalColours(value)) problems.push(`${prop}: ${c}`);
    }
  }
  return problems;
}

/** Every colour problem in a component: attributes, style attributes and <style> blocks. */
function markupColourProblems(text: string): string[] {
  const problems: string[] = [];
  const attr = new RegExp(`\\s(${COLOUR_PROPS.join('|')})\\s*=\\s*(?:"([^"]*)"|'([^']*)'|(\\{))`, 'gi');
  for (const m of text.matchAll(attr)) {
    if (m[4]) problems.push(`${m[1]}={…} (a computed colour cannot be checked)`);
    else if (!allowedColour(m[2] ?? m[3] ?? '')) problems.push(`${m[1]}="${m[2] ?? m[3]}"`);
  }
  for (const m of text.matchAll(/\sstyle\s*=\s*"([^"]*)"/gi)) problems.push(...cssColourProblems(m[1]!));
  for (const m of text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi))
    problems.push(...cssColourProblems(m[1]!));
  return problems;
}

/** The markup part of a component (without its frontmatter script). */
function markup(text: string): string {
  return text.replace(/^---\n[\s\S]*?\n---\n/, '');
}

/** Text content of a fragment: tags removed, whitespace collapsed. */
function textOf(fragment: string): string {
  return fragment
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Static ids declared in a component, and whether any id is computed. */
function idsOf(text: string): { ids: string[]; computed: boolean } {
  const ids = [...text.matchAll(/\sid\s*=\s*"([^"]+)"/g)].map((m) => m[1]!);
  return { ids, computed: /\sid\s*=\s*\{/.test(text) };
}

describe('diagram checks themselves', () => {
  it('reject literal colours and accept currentColor, none and variables', () => {
    expect(markupColourProblems('<rect fill="#fff" stroke="red" />')).toEqual([
      'fill="#fff"',
      'stroke="red"',
    ]);
    expect(markupColourProblems('<rect fill={c} />')).toHaveLength(1);
    expect(markupColourProblems('<rect style="fill: rgb(0, 0, 0)" />')).toEqual(['fill: rgb(0, 0, 0)']);
    expect(cssColourProblems('.a { outline: 2px solid black; stroke: hsl(1 2% 3%); }')).toEqual([
      'outline: black',
      'stroke: hsl(1 2% 3%)',
    ]);
    expect(
      markupColourProblems(
        '<path fill="currentColor" stroke="none" /><rect style="fill: var(--diagram-panel)" />' +
          '<style>.b:focus-visible { outline: 2px solid var(--diagram-accent); stroke: currentColor; }</style>',
      ),
    ).toEqual([]);
  });
});

describe('course diagrams', () => {
  it('include every diagram the lessons import', () => {
    expect(files).toEqual(expect.arrayContaining(EXPECTED));
  });

  it('are all shown in the diagram gallery', () => {
    const gallery = readFileSync(join(process.cwd(), 'src/pages/diagrams.astro'), 'utf8');
    expect(files.filter((f) => !gallery.includes(`components/diagrams/${f}'`))).toEqual([]);
  });

  for (const [file, text] of source) {
    describe(file, () => {
      const html = markup(text);

      it('is a figure.diagram holding an svg with role="img"', () => {
        expect(html).toMatch(/<figure\s[^>]*class="(?:[^"]*\s)?diagram(?:\s[^"]*)?"/);
        const svg = /<svg\s([^>]*)>/.exec(html);
        expect(svg, 'an <svg> element').not.toBeNull();
        expect(svg![1]).toMatch(/\srole="img"/);
        expect(svg![1]).toMatch(/\sviewBox="0 0 \d+ \d+"/);
        expect(html.indexOf('<figure')).toBeLessThan(html.indexOf('<svg'));
      });

      it('names its <title> and <desc> in aria-labelledby', () => {
        const labelledby = /<svg\s[^>]*aria-labelledby="([^"]+)"/.exec(html);
        expect(labelledby, 'aria-labelledby on the svg').not.toBeNull();
        const [titleId, descId, ...rest] = labelledby![1]!.trim().split(/\s+/);
        expect(rest).toEqual([]);
        expect(html).toMatch(new RegExp(`<title id="${titleId}">[^<]*\\S[^<]*</title>`));
        expect(html).toMatch(new RegExp(`<desc id="${descId}">`));
      });

      it('has a text alternative of at least 80 characters', () => {
        const desc = /<desc[^>]*>([\s\S]*?)<\/desc>/.exec(html);
        expect(desc).not.toBeNull();
        expect(desc![1]).not.toMatch(/[{}]/);
        expect(textOf(desc![1]!).length).toBeGreaterThanOrEqual(80);
      });

      it('has a non-empty figcaption after the svg', () => {
        const caption = /<figcaption>([\s\S]*?)<\/figcaption>/.exec(html);
        expect(caption).not.toBeNull();
        expect(textOf(caption![1]!).length).toBeGreaterThan(0);
        expect(html.indexOf('</svg>')).toBeLessThan(html.indexOf('<figcaption>'));
      });

      it('draws only with currentColor, none and CSS variables', () => {
        expect(markupColourProblems(html)).toEqual([]);
      });

      it('writes text with <text>, not foreignObject, and no tiny font sizes', () => {
        expect(html).toMatch(/<text\s/);
        expect(html).not.toMatch(/foreignObject/i);
        const sizes = [...html.matchAll(/font-size\s*[:=]\s*"?(\d+(?:\.\d+)?)/g)].map((m) => Number(m[1]));
        expect(sizes.filter((s) => s < 14)).toEqual([]);
      });

      it('refers only to ids it declares', () => {
        const { ids } = idsOf(html);
        const refs = [...html.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]!);
        expect(refs.filter((r) => !ids.includes(r))).toEqual([]);
      });
    });
  }

  it('use static ids that are unique across all diagrams', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const [file, text] of source) {
      const { ids, computed } = idsOf(markup(text));
      expect(computed, `${file} computes an id`).toBe(false);
      for (const id of ids) {
        if (seen.has(id)) clashes.push(`${id} in ${seen.get(id)} and ${file}`);
        seen.set(id, file);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('share a stylesheet that uses only currentColor, none and variables, and readable sizes', () => {
    for (const { file, text } of css) {
      expect(cssColourProblems(text), file).toEqual([]);
      const sizes = [...text.matchAll(/font-size\s*:\s*(\d+(?:\.\d+)?)px/g)].map((m) => Number(m[1]));
      expect(
        sizes.filter((s) => s < 14),
        file,
      ).toEqual([]);
    }
  });
});
