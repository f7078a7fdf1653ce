import axe from 'axe-core';

/**
 * axe-core's serious and critical violations in `root`, formatted one per
 * line so a failing test says what is wrong and where.
 *
 * jsdom does no layout or painting, so `color-contrast` cannot be computed
 * here (axe would only report it as incomplete); it is switched off and left
 * to the in-browser check of the end-to-end suite.
 */
export async function seriousAxeViolations(
  root: Element = document.body,
): Promise<string[]> {
  const results = await axe.run(root, {
    rules: { 'color-contrast': { enabled: false } },
    resultTypes: ['violations'],
  });
  return results.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .flatMap(v =>
      v.nodes.map(node => `${v.id} (${v.impact}): ${node.target.join(' ')}`),
    );
}
