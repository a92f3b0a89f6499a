//! Checks a pattern's match must also pass, for what a regex cannot say.

/// Validator names usable as a pattern rule's `validate`.
pub const NAMES: &[&str] = &["cn-resident-id"];

pub fn by_name(name: &str) -> Option<fn(&str) -> bool> {
    match name {
        "cn-resident-id" => Some(cn_resident_id),
        _ => None,
    }
}

/// An 18-character resident identity number (GB 11643): a plausible birth
/// date and the ISO 7064 MOD 11-2 check character. Long numbers that are not
/// ID numbers (document codes, account numbers) almost never pass both.
pub fn cn_resident_id(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() != 18 || !chars[..17].iter().all(char::is_ascii_digit) {
        return false;
    }
    let digits: Vec<u32> = chars[..17]
        .iter()
        .map(|c| c.to_digit(10).unwrap_or(0))
        .collect();
    let number = |range: std::ops::Range<usize>| digits[range].iter().fold(0, |n, d| n * 10 + d);
    let (year, month, day) = (number(6..10), number(10..12), number(12..14));
    if !(1900..=2100).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    chars[17].to_ascii_uppercase() == CHECK[(sum % 11) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_ids_by_checksum_and_date() {
        // The standard's own example number.
        assert!(cn_resident_id("11010519491231002X"));
        assert!(cn_resident_id("11010519491231002x"));
        assert!(!cn_resident_id("110105194912310021"));
        assert!(!cn_resident_id("110105194913310027"));
        assert!(!cn_resident_id("6222021234567890123"));
    }
}
