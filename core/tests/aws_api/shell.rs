//! A small POSIX-shell tokenizer: enough to read a guide's command the way `sh` would and to refuse
//! what would not paste safely. Quotes (single, double, backslash) are removed; a `<blank>`
//! placeholder counts as one value; `$(…)` is kept as a substitution; pipes, `&&`/`||`, `;`,
//! redirections and heredocs split or decorate the simple commands. Refused: unbalanced quotes, an
//! unquoted glob character (`*`, `?`, `[`), brace expansion, `$` or a backtick outside single quotes
//! (other than `$(…)`), a subshell, and `!` where interactive bash would expand history. The
//! character-by-character work is in `lexer.rs`.

#[path = "lexer.rs"]
mod lexer;

/// A piece of the command as the guide built it: literal text, or a blank the analyst fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Blank(&'a str),
}

/// A part of a word after quote removal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Lit(String),
    Blank(String),
    /// The text inside `$(…)`.
    Subst(String),
}

/// One shell word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Word {
    pub parts: Vec<Part>,
    /// The word as written, for messages.
    pub raw: String,
}

/// Stands for a blank or a substitution in a word's text.
pub const MARK: &str = "@@BLANK@@";

impl Word {
    /// The word's text with every blank and substitution as [`MARK`].
    pub fn text(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Lit(s) => s.as_str(),
                Part::Blank(_) | Part::Subst(_) => MARK,
            })
            .collect()
    }

    /// The text when the word holds no blank and no substitution.
    pub fn literal(&self) -> Option<String> {
        let t = self.text();
        (!t.contains(MARK)).then_some(t)
    }

    /// A word that is one blank and nothing else.
    pub fn is_blank(&self) -> bool {
        matches!(self.parts.as_slice(), [Part::Blank(_)])
    }

    fn push_char(&mut self, c: char) {
        match self.parts.last_mut() {
            Some(Part::Lit(s)) => s.push(c),
            _ => self.parts.push(Part::Lit(c.to_string())),
        }
    }
}

/// A simple command: its words, redirections and heredoc bodies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Simple {
    pub argv: Vec<Word>,
    pub redirects: Vec<(String, Word)>,
    pub heredocs: Vec<String>,
}

/// A command line: its simple commands in order, and the shell features it uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub commands: Vec<Simple>,
    /// `pipe`, `and-or`, `sequence`, `background`, `redirect`, `heredoc`, `substitution`.
    pub features: Vec<&'static str>,
}

/// Splits literal text into pieces, taking `<name>` (letters, digits, `-_./:+`) as a blank. For
/// tests that write commands as plain text.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let len = after.find(|c: char| !(c.is_ascii_alphanumeric() || "-_./:+".contains(c))).unwrap_or(after.len());
        if len > 0 && after.as_bytes()[0].is_ascii_alphanumeric() && after[len..].starts_with('>') {
            if i > 0 {
                out.push(Piece::Text(&rest[..i]));
            }
            out.push(Piece::Blank(&after[..len]));
            rest = &after[len + 1..];
        } else {
            out.push(Piece::Text(&rest[..=i]));
            rest = after;
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Reads a command line.
pub fn parse(input: &[Piece<'_>]) -> Result<Line, String> {
    let items: Vec<lexer::Item> = input
        .iter()
        .flat_map(|p| match p {
            Piece::Text(t) => t.chars().map(lexer::Item::C).collect::<Vec<_>>(),
            Piece::Blank(b) => vec![lexer::Item::B((*b).to_owned())],
        })
        .collect();
    lexer::run(items)
}
