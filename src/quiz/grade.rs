//! Grading of one answer, in the bank's own (unshuffled, 0-based) indices. Every function
//! returns a credit in `0.0..=1.0`; the scoring rules are documented on the `quiz` module.

/// Credit for a single-choice question.
pub fn single(correct: usize, picked: usize) -> f64 {
    if picked == correct { 1.0 } else { 0.0 }
}

/// Credit for a multiple-choice question: `max(0, (right ticks − wrong ticks) / correct
/// choices)`. Ticking everything therefore earns nothing. Duplicate picks count once.
pub fn multiple(correct: &[usize], picked: &[usize]) -> f64 {
    if correct.is_empty() {
        return 0.0;
    }
    let mut seen = Vec::with_capacity(picked.len());
    let (mut right, mut wrong) = (0usize, 0usize);
    for &p in picked {
        if seen.contains(&p) {
            continue;
        }
        seen.push(p);
        if correct.contains(&p) {
            right += 1;
        } else {
            wrong += 1;
        }
    }
    let net = right as f64 - wrong as f64;
    (net / correct.len() as f64).clamp(0.0, 1.0)
}

pub fn true_false(correct: bool, given: bool) -> f64 {
    if correct == given { 1.0 } else { 0.0 }
}

/// Credit for a short answer: full when its [`normalize`]d form equals that of one
/// accepted answer.
pub fn short_text(accepted: &[String], given: &str) -> f64 {
    let given = normalize(given);
    if !given.is_empty() && accepted.iter().any(|a| normalize(a) == given) {
        1.0
    } else {
        0.0
    }
}

/// Credit for an ordering question, all or nothing. `given` lists the bank indices of
/// the items in the order the learner put them.
pub fn ordering(given: &[usize]) -> f64 {
    let in_order = given.iter().enumerate().all(|(i, &item)| i == item);
    if in_order && !given.is_empty() {
        1.0
    } else {
        0.0
    }
}

/// Credit for a matching question: the fraction of left items matched with their own
/// right value. `given[i]` is the bank index of the right value given to left item `i`,
/// `None` when the row was left empty (it earns nothing).
pub fn matching(given: &[Option<usize>]) -> f64 {
    if given.is_empty() {
        return 0.0;
    }
    let good = given
        .iter()
        .enumerate()
        .filter(|(i, r)| **r == Some(*i))
        .count();
    good as f64 / given.len() as f64
}

/// The comparison form of a short answer: lowercase, accents removed, typographic
/// apostrophes made straight, surrounding spaces trimmed and inner runs of spaces
/// collapsed to one.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        // Combining marks of decomposed input (e + U+0301) vanish.
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match fold(c) {
            Folded::One(c) => out.push(c),
            Folded::Two(a, b) => {
                out.push(a);
                out.push(b);
            }
        }
    }
    out
}

enum Folded {
    One(char),
    Two(char, char),
}

/// Maps the accented Latin letters French (and its neighbours) use to their base letter.
fn fold(c: char) -> Folded {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' => 's',
        'ť' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        '’' | '‘' | 'ʼ' => '\'',
        'æ' => return Folded::Two('a', 'e'),
        'œ' => return Folded::Two('o', 'e'),
        'ß' => return Folded::Two('s', 's'),
        other => other,
    };
    Folded::One(base)
}

#[cfg(test)]
#[path = "grade_tests.rs"]
mod tests;
