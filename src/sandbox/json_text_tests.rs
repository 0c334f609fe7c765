use super::*;

fn js(body: &str) -> String {
    reserialize(body).expect("valid JSON").text
}

#[test]
fn reserialize_matches_node_on_the_course_example() {
    // Module 3's demonstration, checked against Node 18+:
    // JSON.stringify(JSON.parse(raw)).
    let raw = r#"{"name":"Z\u00e9lie","meta":{"plot":"B12","2024":true},"n":1.50}"#;
    let r = reserialize(raw).unwrap();
    assert_eq!(
        r.text,
        r#"{"name":"Zélie","meta":{"2024":true,"plot":"B12"},"n":1.5}"#
    );
    assert_eq!(
        (r.whitespace, r.rewritten, r.reordered),
        (false, true, true)
    );
}

#[test]
fn reserialize_keeps_string_keys_in_order_and_sorts_index_keys() {
    assert_eq!(js(r#"{"b":1,"a":2}"#), r#"{"b":1,"a":2}"#);
    assert_eq!(
        js(r#"{"b":1,"10":2,"2":3,"01":4,"4294967295":5,"a":6}"#),
        r#"{"2":3,"10":2,"b":1,"01":4,"4294967295":5,"a":6}"#
    );
    // A repeated key keeps its first place and its last value.
    assert_eq!(js(r#"{"a":1,"b":2,"a":3}"#), r#"{"a":3,"b":2}"#);
}

#[test]
fn reserialize_writes_numbers_like_javascript() {
    let cases = [
        ("1.50", "1.5"),
        ("1e3", "1000"),
        ("-0", "0"),
        ("0.0000001", "1e-7"),
        ("0.000001", "0.000001"),
        ("1e21", "1e+21"),
        ("123456789012345678901", "123456789012345680000"),
        ("12345678901234567890123", "1.2345678901234568e+22"),
        ("9007199254740993", "9007199254740992"),
        ("1.5E-10", "1.5e-10"),
        ("-2.5", "-2.5"),
    ];
    for (input, node) in cases {
        assert_eq!(js(input), node, "{input}");
    }
}

#[test]
fn reserialize_writes_strings_like_javascript() {
    assert_eq!(
        js(r#"["\u00e9\/\u0041","\u0001\b\f\n\r\t","\"\\","\u2028😀"]"#),
        "[\"é/A\",\"\\u0001\\b\\f\\n\\r\\t\",\"\\\"\\\\\",\"\u{2028}😀\"]"
    );
}

#[test]
fn reserialize_reports_each_kind_of_change() {
    let r = reserialize("{\n  \"a\": 1\n}").unwrap();
    assert_eq!(
        (r.whitespace, r.rewritten, r.reordered),
        (true, false, false)
    );
    let r = reserialize(r#"{"a":"\u00e9"}"#).unwrap();
    assert_eq!(
        (r.whitespace, r.rewritten, r.reordered),
        (false, true, false)
    );
    let r = reserialize(r#"{"a":1,"1":2}"#).unwrap();
    assert_eq!(
        (r.whitespace, r.rewritten, r.reordered),
        (false, false, true)
    );
    let r = reserialize(r#"{"a":[1,true,null]}"#).unwrap();
    assert_eq!(r.text, r#"{"a":[1,true,null]}"#);
    assert_eq!(
        (r.whitespace, r.rewritten, r.reordered),
        (false, false, false)
    );
    assert_eq!(reserialize("hello"), None);
}

#[test]
fn indent_keeps_tokens_and_formats_for_display() {
    assert_eq!(
        indent(r#"{"a":{"b":[1,"x\"{,"],"c":{},"d":[]},"e":"\u00e9"}"#).unwrap(),
        "{\n  \"a\": {\n    \"b\": [\n      1,\n      \"x\\\"{,\"\n    ],\n    \"c\": {},\n    \"d\": []\n  },\n  \"e\": \"\\u00e9\"\n}"
    );
    assert_eq!(indent("[ ]").unwrap(), "[]");
    assert_eq!(indent("  42 ").unwrap(), "42");
    assert_eq!(indent("{"), None);
}

mod properties {
    use proptest::prelude::*;

    use super::super::{indent, reserialize, strip_whitespace};

    /// Arbitrary JSON text: nested arrays and objects (integer-like keys included), strings
    /// with escapes and non-ASCII, integers and decimals, written pretty or compact.
    fn json() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i32>().prop_map(serde_json::Value::from),
            (-1.0e6f64..1.0e6).prop_map(serde_json::Value::from),
            "[a-zé\"\\\\/\n\u{1}😀 ]{0,8}".prop_map(serde_json::Value::from),
        ];
        let value = leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                prop::collection::vec(("[a-c0-9]{1,3}", inner), 0..4).prop_map(|entries| {
                    serde_json::Value::Object(entries.into_iter().collect())
                }),
            ]
        });
        (value, any::<bool>()).prop_map(|(v, pretty)| {
            if pretty {
                serde_json::to_string_pretty(&v).unwrap()
            } else {
                serde_json::to_string(&v).unwrap()
            }
        })
    }

    proptest! {
        #[test]
        fn reserializing_is_idempotent_and_keeps_the_data(text in json()) {
            let once = reserialize(&text).unwrap();
            let twice = reserialize(&once.text).unwrap();
            prop_assert_eq!(&twice.text, &once.text);
            prop_assert!(!twice.whitespace && !twice.rewritten && !twice.reordered);
            let a: serde_json::Value = serde_json::from_str(&text).unwrap();
            let b: serde_json::Value = serde_json::from_str(&once.text).unwrap();
            prop_assert_eq!(a, b);
        }

        #[test]
        fn indenting_only_adds_whitespace(text in json()) {
            let indented = indent(&text).unwrap();
            prop_assert_eq!(strip_whitespace(&indented), strip_whitespace(&text));
            prop_assert_eq!(indent(&indented).unwrap(), indented);
        }
    }
}
