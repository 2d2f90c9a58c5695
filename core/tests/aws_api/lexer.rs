//! The shell tokenizer's state machine (see `shell.rs`).

use super::{parse, pieces, Line, Part, Simple, Word};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    C(char),
    B(String),
}

pub fn run(items: Vec<Item>) -> Result<Line, String> {
    Lexer { items, i: 0, line: Line::default(), cur: Simple::default(), word: None, unquoted: String::new() }.run()
}

struct Lexer {
    items: Vec<Item>,
    i: usize,
    line: Line,
    cur: Simple,
    word: Option<Word>,
    /// The unquoted characters of the current word, for the brace-expansion check.
    unquoted: String,
}

impl Lexer {
    fn peek(&self, k: usize) -> Option<char> {
        match self.items.get(self.i + k) {
            Some(Item::C(c)) => Some(*c),
            _ => None,
        }
    }

    fn word(&mut self) -> &mut Word {
        self.word.get_or_insert_with(Word::default)
    }

    fn feature(&mut self, f: &'static str) {
        if !self.line.features.contains(&f) {
            self.line.features.push(f);
        }
    }

    /// The raw text from item `from` to the end of the current word, for messages.
    fn raw_from(&self, from: usize) -> String {
        let mut s = String::new();
        for it in &self.items[from..] {
            match it {
                Item::C(c) if c.is_whitespace() || "|;&".contains(*c) => break,
                Item::C(c) => s.push(*c),
                Item::B(b) => s.push_str(&format!("<{b}>")),
            }
        }
        s
    }

    fn finish_word(&mut self) -> Result<(), String> {
        if let Some(w) = self.word.take() {
            let u = std::mem::take(&mut self.unquoted);
            if let (Some(a), Some(b)) = (u.find('{'), u.rfind('}')) {
                if a < b && (u[a..b].contains(',') || u[a..b].contains("..")) {
                    return Err(format!("unquoted brace expansion in `{}`", w.raw));
                }
            }
            match self.cur.redirects.last_mut() {
                Some((_, target)) if target.parts.is_empty() => *target = w,
                _ => self.cur.argv.push(w),
            }
        }
        Ok(())
    }

    fn end_command(&mut self, feature: Option<&'static str>) -> Result<(), String> {
        self.finish_word()?;
        if let Some((op, _)) = self.cur.redirects.iter().find(|(_, t)| t.parts.is_empty()) {
            return Err(format!("redirection `{op}` without a target"));
        }
        let done = std::mem::take(&mut self.cur);
        if done.argv.is_empty() && feature.is_some_and(|f| f != "sequence") {
            return Err(format!("`{}` with no command before it", feature.unwrap_or_default()));
        }
        if !done.argv.is_empty() {
            self.line.commands.push(done);
        }
        if let Some(f) = feature {
            self.feature(f);
        }
        Ok(())
    }

    fn run(mut self) -> Result<Line, String> {
        let mut pending: Vec<(String, bool, bool)> = Vec::new(); // (delimiter, strip tabs, quoted)
        while self.i < self.items.len() {
            let start = self.i;
            let c = match &self.items[self.i] {
                Item::B(b) => {
                    let b = b.clone();
                    let w = self.word();
                    w.parts.push(Part::Blank(b.clone()));
                    w.raw.push_str(&format!("<{b}>"));
                    self.i += 1;
                    continue;
                }
                Item::C(c) => *c,
            };
            self.i += 1;
            match c {
                ' ' | '\t' => self.finish_word()?,
                '\n' => {
                    // A newline that starts heredoc bodies is part of the heredoc, not a new command.
                    self.end_command(if pending.is_empty() { Some("sequence") } else { None })?;
                    for (delim, strip, quoted) in std::mem::take(&mut pending) {
                        let body = self.heredoc_body(&delim, strip)?;
                        if !quoted && (body.contains('$') || body.contains('`')) {
                            return Err(format!(
                                "heredoc `{delim}` with an unquoted delimiter expands `$` or backticks"
                            ));
                        }
                        if let Some(last) = self.line.commands.last_mut() {
                            last.heredocs.push(body);
                        }
                    }
                }
                '\'' => {
                    self.word().raw.push('\'');
                    loop {
                        match self.items.get(self.i).cloned() {
                            None => return Err(format!("unbalanced single quote in `{}`", self.raw_from(start))),
                            Some(Item::C('\'')) => break,
                            Some(Item::C(ch)) => {
                                self.word().push_char(ch);
                                self.word().raw.push(ch);
                            }
                            Some(Item::B(b)) => {
                                self.word().raw.push_str(&format!("<{b}>"));
                                self.word().parts.push(Part::Blank(b));
                            }
                        }
                        self.i += 1;
                    }
                    self.i += 1;
                    self.word().raw.push('\'');
                }
                '"' => self.double_quoted(start)?,
                '\\' => match self.peek(0) {
                    None => return Err("trailing backslash".into()),
                    Some('\n') => self.i += 1,
                    Some(ch) => {
                        self.i += 1;
                        let w = self.word();
                        w.push_char(ch);
                        w.raw.push('\\');
                        w.raw.push(ch);
                    }
                },
                '|' | '&' | ';' => {
                    let two = self.peek(0) == Some(c) && c != ';';
                    if c == '&' && self.peek(0) == Some('>') {
                        self.i += 1;
                        self.redirect("&>")?;
                        continue;
                    }
                    if two {
                        self.i += 1;
                    }
                    let f = match (c, two) {
                        ('|', false) => "pipe",
                        (_, true) => "and-or",
                        ('&', false) => "background",
                        _ => "sequence",
                    };
                    self.end_command(Some(f))?;
                }
                '>' => {
                    // A word of digits right before is the file descriptor (`2>`).
                    if self.word.as_ref().is_some_and(|w| w.raw.chars().all(|d| d.is_ascii_digit())) {
                        self.word = None;
                        self.unquoted.clear();
                    }
                    let op = match self.peek(0) {
                        Some(n @ ('>' | '&' | '|')) => {
                            self.i += 1;
                            format!(">{n}")
                        }
                        _ => ">".to_owned(),
                    };
                    self.redirect(&op)?;
                }
                '<' if self.peek(0) == Some('<') => {
                    self.i += 1;
                    let strip = self.peek(0) == Some('-');
                    if strip {
                        self.i += 1;
                    }
                    self.finish_word()?;
                    while self.peek(0) == Some(' ') {
                        self.i += 1;
                    }
                    let (delim, quoted) = self.heredoc_delimiter()?;
                    pending.push((delim, strip, quoted));
                    self.feature("heredoc");
                }
                '<' => self.redirect("<")?,
                '$' if self.peek(0) == Some('(') => self.substitution()?,
                '$' => return Err(format!("unquoted `$` (parameter expansion) in `{}`", self.raw_from(start))),
                '`' => return Err(format!("backtick command substitution in `{}`", self.raw_from(start))),
                '(' | ')' => return Err(format!("unquoted `{c}` (a subshell) in `{}`", self.raw_from(start))),
                '*' | '?' | '[' => {
                    let from = self.word_start(start);
                    return Err(format!("unquoted glob character `{c}` in `{}`", self.raw_from(from)));
                }
                '!' if self.peek(0).is_some_and(|n| !n.is_whitespace() && n != '=') => {
                    return Err(format!("unquoted `!` (bash history expansion) in `{}`", self.raw_from(start)));
                }
                '#' if self.word.is_none() => {
                    while self.peek(0).is_some_and(|n| n != '\n') {
                        self.i += 1;
                    }
                }
                _ => {
                    self.unquoted.push(c);
                    let w = self.word();
                    w.push_char(c);
                    w.raw.push(c);
                }
            }
        }
        if let Some((d, _, _)) = pending.first() {
            return Err(format!("heredoc `{d}` has no body"));
        }
        self.end_command(None)?;
        Ok(self.line)
    }

    /// Where the current word began, for a message that shows all of it.
    fn word_start(&self, at: usize) -> usize {
        let mut k = at;
        while k > 0 && matches!(&self.items[k - 1], Item::C(c) if !c.is_whitespace()) {
            k -= 1;
        }
        k
    }

    fn redirect(&mut self, op: &str) -> Result<(), String> {
        self.finish_word()?;
        self.cur.redirects.push((op.to_owned(), Word::default()));
        self.feature("redirect");
        Ok(())
    }

    fn double_quoted(&mut self, start: usize) -> Result<(), String> {
        self.word().raw.push('"');
        loop {
            let it = self.items.get(self.i).cloned();
            self.i += 1;
            match it {
                None => return Err(format!("unbalanced double quote in `{}`", self.raw_from(start))),
                Some(Item::C('"')) => break,
                Some(Item::B(b)) => {
                    self.word().raw.push_str(&format!("<{b}>"));
                    self.word().parts.push(Part::Blank(b));
                }
                Some(Item::C('\\')) => match self.peek(0) {
                    Some(n @ ('$' | '`' | '"' | '\\')) => {
                        self.i += 1;
                        self.word().push_char(n);
                    }
                    Some('\n') => self.i += 1,
                    _ => self.word().push_char('\\'),
                },
                Some(Item::C('$')) if self.peek(0) == Some('(') => self.substitution()?,
                Some(Item::C('$'))
                    if self.peek(0).is_some_and(|n| n.is_ascii_alphanumeric() || "_{@*#?$!-".contains(n)) =>
                {
                    return Err(format!("`$` parameter expansion inside double quotes in `{}`", self.raw_from(start)));
                }
                Some(Item::C('`')) => {
                    return Err(format!("backtick command substitution in `{}`", self.raw_from(start)))
                }
                Some(Item::C('!')) if self.peek(0).is_some_and(|n| !n.is_whitespace() && n != '=' && n != '"') => {
                    return Err(format!(
                        "`!` inside double quotes (bash history expansion) in `{}`",
                        self.raw_from(start)
                    ));
                }
                Some(Item::C(ch)) => {
                    self.word().push_char(ch);
                    self.word().raw.push(ch);
                }
            }
        }
        self.word().raw.push('"');
        Ok(())
    }

    /// `$(…)`, the `$` consumed: keeps the inner text, which must itself read cleanly.
    fn substitution(&mut self) -> Result<(), String> {
        self.i += 1; // (
        let (mut depth, mut inner, mut quote) = (1, String::new(), None::<char>);
        loop {
            let it = self.items.get(self.i).cloned();
            self.i += 1;
            match it {
                None => return Err("unbalanced `$(`".into()),
                Some(Item::B(b)) => inner.push_str(&format!("<{b}>")),
                Some(Item::C(ch)) => {
                    match (quote, ch) {
                        (Some(q), _) if ch == q => quote = None,
                        (Some(_), _) => {}
                        (None, '\'' | '"') => quote = Some(ch),
                        (None, '(') => depth += 1,
                        (None, ')') => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    inner.push(ch);
                }
            }
        }
        parse(&pieces(&inner)).map_err(|e| format!("in `$({inner})`: {e}"))?;
        let w = self.word();
        w.raw.push_str(&format!("$({inner})"));
        w.parts.push(Part::Subst(inner));
        self.feature("substitution");
        Ok(())
    }

    fn heredoc_delimiter(&mut self) -> Result<(String, bool), String> {
        let mut d = String::new();
        let mut quoted = false;
        while let Some(c) = self.peek(0) {
            match c {
                '\'' | '"' => quoted = true,
                c if c.is_whitespace() || "|;&<>".contains(c) => break,
                c => d.push(c),
            }
            self.i += 1;
        }
        if d.is_empty() {
            return Err("heredoc without a delimiter".into());
        }
        Ok((d, quoted))
    }

    /// The lines after the current one up to the delimiter line.
    fn heredoc_body(&mut self, delim: &str, strip: bool) -> Result<String, String> {
        let mut body = String::new();
        loop {
            if self.i >= self.items.len() {
                return Err(format!("heredoc `{delim}` is not closed"));
            }
            let mut line = String::new();
            while let Some(it) = self.items.get(self.i) {
                self.i += 1;
                match it {
                    Item::C('\n') => break,
                    Item::C(c) => line.push(*c),
                    Item::B(b) => line.push_str(&format!("<{b}>")),
                }
            }
            let l = if strip { line.trim_start_matches('\t') } else { line.as_str() };
            if l == delim {
                return Ok(body);
            }
            body.push_str(&line);
            body.push('\n');
        }
    }
}
