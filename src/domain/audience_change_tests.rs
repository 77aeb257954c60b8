use super::*;

fn kinds(v: &[Violation]) -> Vec<ViolationKind> {
    v.iter().map(|v| v.kind.clone()).collect()
}

#[test]
fn tags_are_checked_by_the_api_s_limits() {
    let ok = AudienceChange::AddTags(vec!["会员".into(), "深圳".into()]);
    assert!(ok.check(None).is_empty());
    let long = "深".repeat(17);
    let bad = AudienceChange::AddTags(vec![
        long.clone(),
        String::new(),
        "会员".into(),
        "会员".into(),
    ]);
    assert_eq!(
        kinds(&bad.check(None)),
        vec![
            ViolationKind::TagTooLong { bytes: 51 },
            ViolationKind::EmptyTag,
            ViolationKind::RepeatedEntry {
                entry: "会员".into()
            },
        ]
    );
    let eleven = AudienceChange::RemoveTags((0..11).map(|i| format!("t{i}")).collect());
    assert_eq!(
        kinds(&eleven.check(None)),
        vec![ViolationKind::TooManyTags { count: 11 }]
    );
    assert_eq!(
        kinds(&AudienceChange::AddTags(vec![]).check(None)),
        vec![ViolationKind::NothingChosen]
    );
    assert!(AudienceChange::RemoveAllTags.check(None).is_empty());
}

#[test]
fn attributes_must_be_the_app_s_and_values_short() {
    let names = vec!["city".to_string(), "会员等级".to_string()];
    let set = AudienceChange::SetAttrs(BTreeMap::from([
        ("city".into(), "深圳".into()),
        ("level".into(), "x".repeat(51)),
        ("会员等级".into(), String::new()),
    ]));
    assert_eq!(
        kinds(&set.check(Some(&names))),
        vec![
            ViolationKind::UnknownAttr {
                name: "level".into()
            },
            ViolationKind::AttrValueTooLong { bytes: 51 },
            ViolationKind::EmptyAttrValue,
        ]
    );
    let remove = AudienceChange::RemoveAttrs(vec!["city".into(), "city".into(), "x".into()]);
    assert_eq!(
        kinds(&remove.check(Some(&names))),
        vec![
            ViolationKind::RepeatedEntry {
                entry: "city".into()
            },
            ViolationKind::UnknownAttr { name: "x".into() },
        ]
    );
    assert!(
        remove.check(None).len() == 1,
        "unknown names are not judged without the list"
    );
}

#[test]
fn pasted_accounts_split_on_lines_commas_and_spaces_and_report_bad_ones() {
    let (accounts, problems) = parse_accounts("user00001\nuser00002, user00003，user00001\n\n  x");
    assert_eq!(accounts, vec!["user00001", "user00002", "user00003", "x"]);
    assert!(problems.is_empty());
    let (accounts, problems) = parse_accounts(&format!("ok {}", "a".repeat(33)));
    assert_eq!(accounts, vec!["ok"]);
    assert!(matches!(problems[0].kind, ViolationKind::BadAccount { .. }));
    let many: String = (0..1001).map(|i| format!("u{i}\n")).collect();
    let (_, problems) = parse_accounts(&many);
    assert_eq!(
        kinds(&problems),
        vec![ViolationKind::TooManyAccounts { count: 1001 }]
    );
}

#[test]
fn file_lines_take_the_first_field_skip_headers_and_name_what_is_wrong() {
    assert_eq!(
        read_file_line(1, b"\xef\xbb\xbfaccount,tag\r"),
        FileLine::Skip
    );
    assert_eq!(
        read_file_line(2, b"account"),
        FileLine::Account("account".into())
    );
    assert_eq!(
        read_file_line(3, b"\"user00001\",x"),
        FileLine::Account("user00001".into())
    );
    assert_eq!(
        read_file_line(4, b"  user00002  \r"),
        FileLine::Account("user00002".into())
    );
    assert_eq!(read_file_line(5, b""), FileLine::Skip);
    assert_eq!(
        read_file_line(6, b"two words"),
        FileLine::Malformed(Malformed::Spaces)
    );
    assert_eq!(
        read_file_line(7, &[b'a'; 33]),
        FileLine::Malformed(Malformed::TooLong)
    );
    assert_eq!(
        read_file_line(8, b"\xff\xfe"),
        FileLine::Malformed(Malformed::NotUtf8)
    );
    assert_eq!(
        read_file_line(9, "用户".as_bytes()),
        FileLine::Account("用户".into())
    );
}

#[test]
fn attribute_names_are_unique_short_and_blank_slots_unnamed() {
    let slots: Vec<String> = ["city", "", " 会员等级 ", "city", &"n".repeat(51)]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let (names, problems) = check_attr_names(&slots, &BTreeMap::new());
    assert_eq!(
        names,
        BTreeMap::from([("0".into(), "city".into()), ("2".into(), "会员等级".into())])
    );
    assert_eq!(
        kinds(&problems),
        vec![
            ViolationKind::RepeatedEntry {
                entry: "city".into()
            },
            ViolationKind::AttrNameTooLong { bytes: 51 },
        ]
    );
    assert_eq!(problems[0].path, "AttrNames.3");
}

#[test]
fn a_named_slot_cannot_be_blanked() {
    let current = BTreeMap::from([("1".to_string(), "city".to_string())]);
    let (_, problems) = check_attr_names(&["a".into(), " ".into()], &current);
    assert_eq!(kinds(&problems), vec![ViolationKind::EmptyAttrName]);
    assert_eq!(problems[0].path, "AttrNames.1");
}

#[test]
fn a_list_of_accounts_is_judged_entry_by_entry() {
    let list = vec!["user00001".to_string(), "two words".to_string()];
    assert_eq!(
        kinds(&check_account_list(&list)),
        vec![ViolationKind::BadAccount {
            account: "two words".into()
        }]
    );
    assert_eq!(
        kinds(&check_account_list(&[])),
        vec![ViolationKind::NothingChosen]
    );
}
