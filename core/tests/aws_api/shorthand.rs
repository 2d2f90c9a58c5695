//! The AWS CLI's shorthand syntax (`Key=a,Values=b,c`, `TagSet=[{Key=k,Value=v}]`), read into JSON
//! values so they can be checked against the shape like JSON input. Follows the grammar of
//! awscli/shorthand.py (ShorthandParser): parameter = keyval *("," keyval); keyval = key "=" values;
//! values = csv-list / explicit-list "[…]" / hash-literal "{…}"; values may be single- or
//! double-quoted. Scalars stay strings, as the CLI's parser leaves them.

use serde_json::{Map, Value};

pub fn parse(input: &str) -> Result<Value, String> {
    let mut p = Parser { s: input.chars().collect(), i: 0 };
    let v = p.parameter()?;
    Ok(v)
}

struct Parser {
    s: Vec<char>,
    i: usize,
}

const KEY_CHARS: &str = "-_.#/:";

impl Parser {
    fn cur(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while self.cur().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        self.ws();
        if self.cur() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("shorthand: expected `{c}` at {} in `{}`", self.i, self.s.iter().collect::<String>()))
        }
    }

    fn parameter(&mut self) -> Result<Value, String> {
        let mut params = Map::new();
        loop {
            let (k, v) = self.keyval()?;
            if params.insert(k.clone(), v).is_some() {
                return Err(format!("shorthand: key `{k}` given twice"));
            }
            self.ws();
            if self.cur().is_none() {
                return Ok(Value::Object(params));
            }
            self.expect(',')?;
        }
    }

    fn key(&mut self) -> Result<String, String> {
        self.ws();
        let start = self.i;
        while self.cur().is_some_and(|c| c.is_ascii_alphanumeric() || KEY_CHARS.contains(c)) {
            self.i += 1;
        }
        if start == self.i {
            return Err(format!("shorthand: expected a key at {start} in `{}`", self.s.iter().collect::<String>()));
        }
        Ok(self.s[start..self.i].iter().collect())
    }

    fn keyval(&mut self) -> Result<(String, Value), String> {
        let key = self.key()?;
        self.ws();
        if self.cur() == Some('@') {
            self.i += 1;
        }
        self.expect('=')?;
        self.ws();
        let v = match self.cur() {
            None => Value::String(String::new()),
            Some('[') => self.explicit_list()?,
            Some('{') => self.hash()?,
            Some(_) => self.csv()?,
        };
        Ok((key, v))
    }

    /// `a` or `a,b,c`; stops before `,key=` (the next keyval).
    fn csv(&mut self) -> Result<Value, String> {
        let first = self.first_value(false)?;
        let mut list = vec![Value::String(first)];
        loop {
            self.ws();
            if self.cur() != Some(',') || self.next_is_keyval() {
                break;
            }
            self.i += 1;
            self.ws();
            list.push(Value::String(self.first_value(true)?));
        }
        Ok(if list.len() == 1 { list.remove(0) } else { Value::Array(list) })
    }

    /// At a `,`: does a `key=` (or `key@=`) follow?
    fn next_is_keyval(&self) -> bool {
        let mut j = self.i + 1;
        while self.s.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        let start = j;
        while self.s.get(j).is_some_and(|c| c.is_ascii_alphanumeric() || KEY_CHARS.contains(*c)) {
            j += 1;
        }
        j > start && matches!(self.s.get(j), Some('=' | '@'))
    }

    fn explicit_list(&mut self) -> Result<Value, String> {
        self.expect('[')?;
        let mut items = Vec::new();
        self.ws();
        while self.cur() != Some(']') {
            if self.cur().is_none() {
                return Err("shorthand: unclosed `[`".into());
            }
            items.push(self.explicit_value()?);
            self.ws();
            if self.cur() != Some(']') {
                self.expect(',')?;
                self.ws();
            }
        }
        self.i += 1;
        Ok(Value::Array(items))
    }

    fn explicit_value(&mut self) -> Result<Value, String> {
        match self.cur() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash(),
            _ => Ok(Value::String(self.first_value(false)?)),
        }
    }

    fn hash(&mut self) -> Result<Value, String> {
        self.expect('{')?;
        let mut m = Map::new();
        self.ws();
        while self.cur() != Some('}') {
            if self.cur().is_none() {
                return Err("shorthand: unclosed `{`".into());
            }
            let k = self.key()?;
            self.ws();
            if self.cur() == Some('@') {
                self.i += 1;
            }
            self.expect('=')?;
            self.ws();
            let v = self.explicit_value()?;
            m.insert(k, v);
            self.ws();
            if self.cur() != Some('}') {
                self.expect(',')?;
                self.ws();
            }
        }
        self.i += 1;
        Ok(Value::Object(m))
    }

    /// A plain value (up to `,`, `]`, `}`; `\,` is a comma) or a quoted one. A value after the
    /// first of a csv-list may not hold `=` (awscli's _SECOND_VALUE).
    fn first_value(&mut self, second: bool) -> Result<String, String> {
        if let Some(q @ ('\'' | '"')) = self.cur() {
            self.i += 1;
            let mut v = String::new();
            loop {
                match self.cur() {
                    None => return Err(format!("shorthand: unclosed {q}")),
                    Some('\\') if self.s.get(self.i + 1) == Some(&q) => {
                        v.push(q);
                        self.i += 2;
                    }
                    Some(c) if c == q => {
                        self.i += 1;
                        return Ok(v);
                    }
                    Some(c) => {
                        v.push(c);
                        self.i += 1;
                    }
                }
            }
        }
        let mut v = String::new();
        while let Some(c) = self.cur() {
            if c == '\\' && self.s.get(self.i + 1) == Some(&',') {
                v.push(',');
                self.i += 2;
                continue;
            }
            if matches!(c, ',' | ']' | '}' | '\'' | '"') || (second && c == '=') {
                break;
            }
            v.push(c);
            self.i += 1;
        }
        Ok(v.trim_end().to_owned())
    }
}
