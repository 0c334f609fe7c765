use super::*;

#[test]
fn single_and_true_false_are_all_or_nothing() {
    for (correct, picked, credit) in [(0, 0, 1.0), (0, 1, 0.0), (2, 2, 1.0)] {
        assert_eq!(single(correct, picked), credit, "{correct} {picked}");
    }
    for (correct, given, credit) in [(true, true, 1.0), (true, false, 0.0), (false, false, 1.0)] {
        assert_eq!(true_false(correct, given), credit);
    }
}

#[test]
fn multiple_subtracts_wrong_ticks() {
    let correct = [0, 2];
    let table: [(&[usize], f64); 8] = [
        (&[0, 2], 1.0),
        (&[2, 0], 1.0),
        (&[0], 0.5),
        (&[0, 1], 0.0),
        (&[0, 2, 1], 0.5),
        (&[0, 1, 2, 3], 0.0),
        (&[1, 3], 0.0),
        (&[0, 0], 0.5),
    ];
    for (picked, credit) in table {
        assert_eq!(multiple(&correct, picked), credit, "{picked:?}");
    }
    assert_eq!(multiple(&[1], &[1]), 1.0);
    assert_eq!(multiple(&[], &[1]), 0.0);
}

#[test]
fn short_text_ignores_case_accents_and_spaces() {
    let accepted = vec!["svix-id".to_string(), "En-tête Svix".to_string()];
    let table = [
        ("svix-id", 1.0),
        ("  SVIX-ID  ", 1.0),
        ("en-tete svix", 1.0),
        ("EN-TÊTE    SVIX", 1.0),
        ("en-te\u{302}te svix", 1.0),
        ("svix id", 0.0),
        ("svixid", 0.0),
        ("", 0.0),
        ("   ", 0.0),
    ];
    for (given, credit) in table {
        assert_eq!(short_text(&accepted, given), credit, "{given:?}");
    }
}

#[test]
fn normalize_folds_french_text() {
    let table = [
        ("  Élève  à   l’école ", "eleve a l'ecole"),
        ("ŒUVRE Cœur", "oeuvre coeur"),
        ("Straße", "strasse"),
        ("Ça\tva\n", "ca va"),
        ("déjà-vu", "deja-vu"),
        ("", ""),
    ];
    for (input, expected) in table {
        assert_eq!(normalize(input), expected, "{input:?}");
    }
}

#[test]
fn ordering_is_all_or_nothing() {
    let table: [(&[usize], f64); 5] = [
        (&[0, 1, 2], 1.0),
        (&[1, 0, 2], 0.0),
        (&[0, 2, 1], 0.0),
        (&[2, 1, 0], 0.0),
        (&[], 0.0),
    ];
    for (given, credit) in table {
        assert_eq!(ordering(given), credit, "{given:?}");
    }
}

#[test]
fn matching_gives_the_fraction_of_right_pairs() {
    let some = |v: &[usize]| v.iter().map(|&i| Some(i)).collect::<Vec<_>>();
    let table: [(Vec<Option<usize>>, f64); 5] = [
        (some(&[0, 1, 2, 3]), 1.0),
        (some(&[1, 0, 2, 3]), 0.5),
        (some(&[1, 2, 3, 0]), 0.0),
        (some(&[0, 1, 3, 2]), 0.5),
        (Vec::new(), 0.0),
    ];
    for (given, credit) in table {
        assert_eq!(matching(&given), credit, "{given:?}");
    }
    assert_eq!(matching(&some(&[0, 2, 1])), 1.0 / 3.0);
    // Unassigned rows earn nothing, and nothing assigned earns nothing.
    assert_eq!(matching(&[Some(0), None, None, None]), 0.25);
    assert_eq!(matching(&[None, None]), 0.0);
    // A value given to two rows is right for one of them at most.
    assert_eq!(matching(&[Some(0), Some(0)]), 0.5);
}
