import MarkdownIt from 'markdown-it';

// html: false — anything a person typed that looks like HTML is shown as text; markdown-it's own link
// validation drops javascript:, vbscript:, file: and most data: URLs.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });
const renderLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet('target', '_blank');
  tokens[idx]?.attrSet('rel', 'noopener noreferrer');
  return renderLinkOpen(tokens, idx, options, env, self);
};

/** A transcript line (bot Markdown, or what a person typed) as safe HTML for the agent desk. */
export function renderMarkdown(text: string): string {
  return markdown.render(text);
}
