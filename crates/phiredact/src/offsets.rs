//! Byte ↔ code point offsets, shared by every front end that speaks in characters (the
//! CLI's JSON, Python).

/// Converts sorted byte offsets into `text` to code point offsets, in one pass.
///
/// `byte_offsets` must be sorted ascending and on `char` boundaries; offsets past the end
/// map to the total number of code points.
pub fn byte_to_char_offsets(text: &str, byte_offsets: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(byte_offsets.len());
    let mut chars = 0usize;
    let mut at = 0usize;
    for &b in byte_offsets {
        let b = b.min(text.len());
        if b < at {
            // Not sorted: fall back to counting from the start for this one.
            out.push(text[..b].chars().count());
            continue;
        }
        chars += text[at..b].chars().count();
        at = b;
        out.push(chars);
    }
    out
}

/// Converts code point offsets (sorted) into byte offsets into `text`.
pub fn char_to_byte_offsets(text: &str, char_offsets: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(char_offsets.len());
    let mut iter = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let mut pos = 0usize;
    let mut current = iter.next().unwrap_or(text.len());
    for &c in char_offsets {
        while pos < c {
            match iter.next() {
                Some(b) => {
                    current = b;
                    pos += 1;
                }
                None => break,
            }
        }
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let text = "aé😀b中";
        let bytes = [0, 1, 3, 7, 8, 11];
        let chars = byte_to_char_offsets(text, &bytes);
        assert_eq!(chars, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(char_to_byte_offsets(text, &chars), bytes.to_vec());
    }
}
