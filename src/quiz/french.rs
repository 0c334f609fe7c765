//! Numbers as the French learner reads them, shared by the plain dialogue, `results`
//! and the interface: « 34,1 / 48 », « 93,8 % ».

/// « 83,3 % », « 80 % »: one decimal, a French comma, none for whole numbers (with a
/// space before the sign, as everywhere in the program).
pub fn percent(value: f64) -> String {
    format!("{} %", points(value))
}

/// « 3,5 », « 4 »: one decimal, a French comma, none for whole numbers.
pub fn points(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}").replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_take_a_comma() {
        assert_eq!(points(34.14), "34,1");
        assert_eq!(points(48.0), "48");
        assert_eq!(points(0.96), "1");
        assert_eq!(percent(93.75), "93,8 %");
    }
}
