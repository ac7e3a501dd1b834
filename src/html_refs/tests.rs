use super::*;

fn urls(html: &str) -> Vec<(String, bool)> {
    references(html)
        .into_iter()
        .map(|r| (r.url, r.image))
        .collect()
}

#[test]
fn finds_src_with_quotes_and_width() {
    let html = r#"<p><img src="../images/curve wechat.jpeg" alt="a > b" width="300"></p>"#;
    assert_eq!(img_srcs(html), vec!["../images/curve wechat.jpeg"]);
}

#[test]
fn bare_and_single_quoted_values() {
    assert_eq!(img_srcs("<IMG SRC=a.png>"), vec!["a.png"]);
    assert_eq!(img_srcs("<img width=3 src='b c.png'/>"), vec!["b c.png"]);
    assert_eq!(img_srcs("<img alt=x>"), Vec::<String>::new());
    assert_eq!(
        img_srcs("<img src=\"a&amp;b&amp;quot;.png\">"),
        vec!["a&b&quot;.png"]
    );
}

#[test]
fn ignores_comments_lookalikes_and_raw_text() {
    assert!(img_srcs("<!-- <img src=x.png> --><imgx src=y.png>").is_empty());
    let html = "<script>let s = '<img src=a.png>';</script><style>p{}</style><img src=b.png>";
    assert_eq!(img_srcs(html), vec!["b.png"]);
}

#[test]
fn attributes_links_and_pictures() {
    let html =
        r#"<a href="x"><img alt="a &amp; b" src=y.png title='t' hidden></a><img src="z.png">"#;
    let mut state = State::default();
    let tags = scan(html, &mut state);
    assert_eq!(tags.len(), 3);
    let img = &tags[1];
    assert_eq!(img.attr("alt").unwrap().value, "a & b");
    assert_eq!(&html[img.attr("src").unwrap().range.clone()], "src=y.png");
    assert_eq!(&html[img.attr("hidden").unwrap().range.clone()], "hidden");
    assert!(img.in_link && !tags[2].in_link, "the link was closed");
    assert_eq!(state, State::default());
    // A fragment that starts inside a link, opened by an earlier fragment.
    let mut state = State {
        link_depth: 1,
        picture_depth: 0,
    };
    let tags = scan(
        "<img src=a.png></A><abbr><img src=b.png><picture>",
        &mut state,
    );
    assert!(tags[0].in_link && !tags[2].in_link);
    assert_eq!(state.link_depth, 0);
    assert_eq!(state.picture_depth, 1);
    let tags = scan("<source srcset=a.png></picture><img>", &mut state);
    assert!(tags[0].in_picture && !tags[1].in_picture);
    // What a media element shows instead goes before it, when it starts in the fragment.
    let html = "<p><video poster=p.png><source src=v.mp4></video><source src=w.mp4>";
    let tags = scan(html, &mut State::default());
    assert_eq!(tags[1].outer_start, None);
    assert_eq!(tags[2].outer_start, Some(3));
    assert_eq!(tags[3].outer_start, None);
}

#[test]
fn every_kind_of_reference() {
    let html = r##"<img src="a.png" srcset="b.png 2x, c d.png 640w" style="background: url('e.png')">
<picture><source srcset="f.webp" type="image/webp"><img alt=x></picture>
<video src="v.mp4" poster="p.png"><source src="w.webm"><track src="t.vtt"></video>
<audio src=https://x.example/a.mp3></audio><object data="o.pdf"></object><embed src="e.swf">
<iframe src="//x.example/"></iframe><iframe src="#top"></iframe><iframe src="about:blank"></iframe>
<link rel=stylesheet href=s.css><script src=s.js></script><div style="color: red">
<svg><image href="i.png"/></svg><table background="bg.png"><input type=image src="in.png">"##;
    let want: Vec<(String, bool)> = [
        ("a.png", true),
        ("b.png", true),
        ("c", true),
        ("e.png", true),
        ("f.webp", true),
        ("v.mp4", false),
        ("p.png", true),
        ("w.webm", false),
        ("t.vtt", false),
        ("https://x.example/a.mp3", false),
        ("o.pdf", false),
        ("e.swf", false),
        ("//x.example/", false),
        ("s.css", false),
        ("s.js", false),
        ("i.png", true),
        ("bg.png", true),
        ("in.png", true),
    ]
    .iter()
    .map(|(u, i)| (u.to_string(), *i))
    .collect();
    assert_eq!(urls(html), want);
    let video = &references("<video src=\"a\u{7}.mp4\">")[0];
    assert_eq!(
        video.not_embedded_message(),
        "not embedded: <video src> a\\u{7}.mp4 (shown as a link; only images are embedded)"
    );
    let link = &references("<link href=s.css>")[0];
    assert!(link.not_embedded_message().contains("(removed;"));
}

#[test]
fn srcset_candidates_as_browsers_read_them() {
    let got =
        srcset_candidates(" a.png 1x,b%20c.png   2x ,data:image/png;base64,AA= 3x,d.png, e.png");
    let pairs: Vec<(&str, &str)> = got
        .iter()
        .map(|c| (c.url.as_str(), c.descriptor.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("a.png", "1x"),
            ("b%20c.png", "2x"),
            ("data:image/png;base64,AA=", "3x"),
            ("d.png", ""),
            ("e.png", "")
        ]
    );
    assert!(srcset_candidates(" , ,").is_empty());
    assert_eq!(srcset_candidates("图 片.png 2x")[0].url, "图");
    let sizes = srcset_candidates("s.png 320w, l.png 1280w, m.png 640w (x, y)");
    assert_eq!(sizes[2].descriptor, "640w (x, y)");
    assert_eq!(best_candidate(&sizes, |_| true).unwrap().url, "l.png");
    assert_eq!(
        best_candidate(&sizes, |u| u != "l.png").unwrap().url,
        "s.png"
    );
    let dens = srcset_candidates("a.png, b.png 2x, c.png 1.5x");
    assert_eq!(best_candidate(&dens, |_| true).unwrap().url, "b.png");
    assert_eq!(best_candidate(&dens, |_| false), None);
}

#[test]
fn css_urls_quoted_bare_escaped_and_not_in_strings_or_comments() {
    let css = r#"background: URL( "a b.png" ) no-repeat, url(c\(1\).png); /* url(no.png) */ content: "url(no2.png)"; mask: url('d\'.png'); x: myurl(no3.png); y: url(\4E2D .png"#;
    let got = css_urls(css);
    let found: Vec<&str> = got.iter().map(|u| u.url.as_str()).collect();
    assert_eq!(found, ["a b.png", "c(1).png", "d'.png", "中.png"]);
    assert_eq!(&css[got[0].range.clone()], r#"URL( "a b.png" )"#);
    assert_eq!(&css[got[1].range.clone()], r"url(c\(1\).png)");
    assert_eq!(got[3].range.end, css.len());
}

#[test]
fn multibyte_and_unterminated_text_does_not_panic() {
    assert!(img_srcs("- 混合<读写 <!-- 注 -->").is_empty());
    assert_eq!(img_srcs("图：<img src=\"二维码.png\">"), vec!["二维码.png"]);
    assert_eq!(img_srcs("<img src=\"a.png"), vec!["a.png"]);
    assert!(img_srcs("<img").is_empty());
    for text in [
        "<img srcset=\"图 ,\" style=\"url(\\图",
        "<div style='url(\"é",
        "<div style=url(\\",
        "<video src=",
        "</",
        "<script>",
        "<a><picture></video>",
    ] {
        references(text);
        css_urls(text);
        srcset_candidates(text);
    }
}

#[test]
fn imports_are_marked_with_their_rule() {
    let css = "@import url(\"a.css\") screen; @IMPORT 'b.css';\n.x { background: url(c.png) } @import \"d.css\"";
    let got = css_urls(css);
    let found: Vec<(&str, Option<&str>)> = got
        .iter()
        .map(|u| (u.url.as_str(), u.import.clone().map(|r| &css[r])))
        .collect();
    assert_eq!(
        found,
        [
            ("a.css", Some("@import url(\"a.css\") screen;")),
            ("b.css", Some("@IMPORT 'b.css';")),
            ("c.png", None),
            ("d.css", Some("@import \"d.css\"")),
        ]
    );
    let html = "<style>\n@import 'x.css';\n.a { background: url(bg.png) }\n</style><p style=\"background: url(y.png)\">";
    let refs: Vec<(String, bool, usize)> = references(html)
        .into_iter()
        .map(|r| (r.url, r.image, r.line_offset))
        .collect();
    assert_eq!(
        refs,
        [
            ("x.css".to_string(), false, 1),
            ("bg.png".to_string(), true, 2),
            ("y.png".to_string(), true, 3)
        ]
    );
}

#[test]
fn a_meta_refresh_that_leaves_the_page_is_a_reference() {
    let html = r#"<meta http-equiv="Refresh" content="0; URL='https://x.example/'"><meta http-equiv=refresh content=5><meta content="0;url=y">"#;
    let refs = references(html);
    assert_eq!(refs.len(), 1, "{refs:?}");
    assert_eq!(refs[0].url, "https://x.example/");
    assert!(refs[0]
        .not_embedded_message()
        .starts_with("not embedded: <meta content> https://x.example/ (removed;"));
}

#[test]
fn image_set_strings_are_urls() {
    let css = r#"background: -webkit-image-set("a.png" 1x, url(b.png) 2x, 'c d.png' type("image/png")); content: "no.png""#;
    let found: Vec<String> = css_urls(css).into_iter().map(|u| u.url).collect();
    assert_eq!(found, ["a.png", "b.png", "c d.png"]);
}
