//! Counts in words: "1 risk", "2 risks", "0 risks". The one place a count meets its noun,
//! so no text says "risk(s)".

/// `n` and the noun in the right number, given both forms: `count_of(2, "entry", "entries")`.
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    let noun = if n == 1 { one } else { many };
    format!("{n} {noun}")
}

/// `n` and a noun whose plural adds an "s": `count(2, "risk")` is "2 risks".
pub fn count(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "risk"), "1 risk");
        assert_eq!(count(2, "risk"), "2 risks");
        assert_eq!(count(0, "conflict"), "0 conflicts");
        assert_eq!(count_of(1, "entry", "entries"), "1 entry");
        assert_eq!(count_of(3, "entry", "entries"), "3 entries");
    }
}
