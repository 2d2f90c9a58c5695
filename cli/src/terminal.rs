//! Text bound for a terminal. Findings carry attacker-controlled text: an escape sequence in a
//! user name could recolour the screen, retitle the window or hide what follows. Every control
//! character except newline and tab, and every bidirectional or zero-width formatting character
//! (the ones `guide::is_suspicious` names), is written as a visible `\u{…}` instead. JSON
//! output needs none of this: serde_json escapes control characters itself.

use std::borrow::Cow;

/// `text` with every character a terminal would act on, rather than show, made visible.
pub fn visible(text: &str) -> Cow<'_, str> {
    let acts = |c: char| c != '\n' && c != '\t' && findlens_core::guide::is_suspicious(c);
    if !text.chars().any(acts) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if acts(c) {
            out.push_str(&format!("\\u{{{:X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn escapes_and_direction_overrides_are_shown_not_obeyed() {
        assert_eq!(visible("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(visible("a\u{1b}[31mred"), "a\\u{1B}[31mred");
        assert_eq!(visible("x\u{7}\u{9b}y"), "x\\u{7}\\u{9B}y");
        assert_eq!(visible("evil\u{202E}txt"), "evil\\u{202E}txt");
        assert_eq!(visible("line\rover"), "line\\u{D}over");
    }
}
