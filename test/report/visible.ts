// What a reader sees in rendered report markup.

/** The words of the markup: tags dropped, the entities the renderer escapes decoded, spaces folded. */
export function visibleText(markup: string): string {
  return markup.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

/** The headline under the verdict (its `verdict-summary` paragraph), as a reader sees it. */
export function verdictHeadline(markup: string): string {
  return visibleText(/<p class="verdict-summary">([\s\S]*?)<\/p>/.exec(markup)?.[1] ?? '').trim();
}
