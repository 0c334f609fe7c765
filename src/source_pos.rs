//! Source positions for messages: byte offsets and UTF-8 failures turned into the
//! 1-based line and column an instructor's editor shows. Sits below `course` and `quiz`,
//! which both point at places in files they parsed.

/// Converts a byte offset in `src` to a 1-based (line, column in characters).
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = src.get(..offset).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let column = before
        .get(line_start..)
        .map_or(1, |s| s.chars().count() + 1);
    (line, column)
}

/// The 1-based (line, column in bytes) of byte `valid` in `bytes`: where the first
/// invalid UTF-8 byte sits, since nothing before it can be decoded as characters.
pub fn byte_line_col(bytes: &[u8], valid: usize) -> (usize, usize) {
    let before = bytes.get(..valid).unwrap_or(bytes);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, before.len() - line_start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("é\nàb", 5), (2, 2));
    }

    #[test]
    fn byte_line_col_counts_bytes_up_to_the_invalid_one() {
        assert_eq!(byte_line_col(b"ab\ncd\xffe", 5), (2, 3));
    }
}
