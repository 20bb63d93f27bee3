//! Turns MDX and Hugo Markdown into plain Markdown: syntax that cannot render here is removed
//! cleanly (keeping the readable text inside it), never shown raw.

/// Cleans one document body.
pub fn to_markdown(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut in_code = false;
    let mut in_aside = false;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if in_code {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        // MDX module syntax.
        if (trimmed.starts_with("import ") && (trimmed.contains(" from ") || trimmed.ends_with(';'))) || trimmed.starts_with("export ") {
            continue;
        }
        // Starlight asides `:::note[Title]` … `:::` become block quotes.
        if let Some(rest) = trimmed.strip_prefix(":::") {
            if rest.trim().is_empty() {
                in_aside = false;
            } else {
                in_aside = true;
                let title = rest.split_once('[').and_then(|(_, t)| t.strip_suffix(']')).unwrap_or("");
                if !title.is_empty() {
                    out.push_str(&format!("> **{}**\n", title));
                }
            }
            continue;
        }
        let cleaned = strip_inline(line);
        if cleaned.trim().is_empty() && !line.trim().is_empty() {
            // The line held only markup (a component tag, a shortcode): drop it.
            continue;
        }
        if in_aside {
            out.push_str("> ");
        }
        out.push_str(&cleaned);
        out.push('\n');
    }
    out
}

/// Removes JSX tags (keeping their text), `{/* comments */}`, `{expressions}` and Hugo shortcodes
/// from one line, outside inline code.
fn strip_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        // Hugo shortcodes {{< … >}} and {{% … %}}.
        if c == '{' && i + 2 < chars.len() && chars[i + 1] == '{' && matches!(chars[i + 2], '<' | '%') {
            match find(&chars, i + 3, &["}}"]) {
                Some(end) => {
                    i = end + 2;
                    continue;
                }
                None => break,
            }
        }
        // MDX expressions and comments.
        if c == '{' {
            match find(&chars, i + 1, &["}"]) {
                Some(end) => {
                    i = end + 1;
                    continue;
                }
                None => break,
            }
        }
        // JSX/HTML-like component tags: capitalised (`<Tabs>`, `</TabItem>`, `<Code ... />`).
        if c == '<'
            && i + 1 < chars.len()
            && (chars[i + 1].is_ascii_uppercase() || (chars[i + 1] == '/' && chars.get(i + 2).is_some_and(|c| c.is_ascii_uppercase())))
        {
            match find(&chars, i + 1, &[">"]) {
                Some(end) => {
                    i = end + 1;
                    continue;
                }
                None => break,
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

fn find(chars: &[char], from: usize, needles: &[&str]) -> Option<usize> {
    (from..chars.len()).find(|&j| needles.iter().any(|n| n.chars().enumerate().all(|(k, nc)| chars.get(j + k) == Some(&nc))))
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn mdx_imports_components_and_expressions_are_removed_cleanly() {
        let mdx = "import { Tabs, TabItem } from '@astrojs/starlight/components';\n\n# Title\n\n<Tabs>\n<TabItem label=\"npm\">\nRun `npm install <pkg>` now.\n</TabItem>\n</Tabs>\n\nSee {/* a comment */}the <Since v=\"4.0\" /> docs.\n";
        let md = to_markdown(mdx);
        assert!(!md.contains("import"), "{md}");
        assert!(!md.contains("<Tab") && !md.contains("</Tab") && !md.contains("<Since"), "{md}");
        assert!(md.contains("Run `npm install <pkg>` now."), "inline code is kept as is: {md}");
        assert!(md.contains("See the  docs."), "{md}");
        assert!(!md.contains('{'), "{md}");
    }

    #[test]
    fn code_blocks_are_never_touched() {
        let mdx = "```jsx\nimport X from 'y';\n<Component prop={1} />\n```\n";
        assert_eq!(to_markdown(mdx), mdx);
    }

    #[test]
    fn starlight_asides_become_block_quotes_and_hugo_shortcodes_vanish() {
        let md = to_markdown(":::tip[Good to know]\nUse it.\n:::\n{{< figure src=\"x.png\" >}}\nText {{% note %}}kept{{% /note %}}.\n");
        assert!(md.contains("> **Good to know**\n> Use it.\n"), "{md}");
        assert!(!md.contains("{{"), "{md}");
        assert!(md.contains("Text kept."), "{md}");
    }
}
