"""A fifth set of everyday request bodies, as ECS JSON log lines: what the editors and
visitors of content-management systems post. Written (2026-12-04, eleventh session)
before fukurou ran on it, to be measured on it once as held out.

Its sources: WordPress's block editor saving posts through the REST API (block markup
with images, tables, embeds, code blocks of SQL and shell, custom fields), the
heartbeat and autosave calls of admin-ajax.php, the customiser's additional CSS, the
login form, comments and Contact Form 7 submissions, media uploads; Drupal's node forms
(body in full HTML, form build ids, operations) and webforms; Movable Type's entry
editor; EC-CUBE's order and member forms with Japanese addresses.

Nothing in it is an attack. Usage: bench/crs_eval.py ... --body-generator cms_bodies."""
import json

from gen_common import body_lines, hex_token as _hex

UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0"]
NAMES = ["Tanaka Hiroshi", "O'Brien, Sean", "D'Souza Mary-Jane", "山田 太郎", "佐藤 花子", "Zoë Müller"]
SENTENCES = ["The city hall will be closed on Monday, March 20.", "Please bring your ID card and the form (PDF, 120 KB).",
             "Applications open at 9:00 & close at 17:00; late entries can't be accepted.",
             "ごみの収集日が4月から変わります。詳しくは下の表をご覧ください。",
             "Select the plan that fits you best, or contact us for details.",
             "Our team dropped the old system and moved to the cloud in 2023.",
             "Union members meet on the 2nd floor (room #204)."]
CODE_BLOCKS = ["SELECT post_title FROM wp_posts WHERE post_status = 'publish' ORDER BY post_date DESC LIMIT 10;",
               "sudo apt update && sudo apt install -y nginx\nsudo systemctl restart nginx",
               "location ~ \\.php$ {\n    include snippets/fastcgi-php.conf;\n    fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n}",
               "&lt;?php echo esc_html( get_the_title() ); ?&gt;",
               "crontab -e\n0 3 * * * /usr/local/bin/backup.sh > /dev/null 2>&1"]


def _blocks(r):
    parts = []
    for _ in range(r.randint(2, 5)):
        kind = r.choice(["p", "p", "image", "table", "code", "embed", "heading", "list"])
        if kind == "p":
            parts.append("<!-- wp:paragraph -->\n<p>%s</p>\n<!-- /wp:paragraph -->" % r.choice(SENTENCES))
        elif kind == "heading":
            parts.append("<!-- wp:heading {\"level\":3} -->\n<h3 class=\"wp-block-heading\">%s</h3>\n<!-- /wp:heading -->" % r.choice(["Q&A", "What's new", "申請方法"]))
        elif kind == "image":
            i = r.randint(1, 9999)
            parts.append("<!-- wp:image {\"id\":%d,\"sizeSlug\":\"large\",\"linkDestination\":\"none\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"https://www.city.example.lg.jp/wp-content/uploads/2024/03/photo-%d-1024x683.jpg\" alt=\"%s\" class=\"wp-image-%d\"/></figure>\n<!-- /wp:image -->" % (i, i, r.choice(["City hall", "桜", "O'Brien Park"]), i))
        elif kind == "table":
            parts.append("<!-- wp:table -->\n<figure class=\"wp-block-table\"><table><tbody><tr><td>Mon</td><td>Burnable</td></tr><tr><td>Thu</td><td>Cans &amp; bottles</td></tr></tbody></table></figure>\n<!-- /wp:table -->")
        elif kind == "code":
            parts.append("<!-- wp:code -->\n<pre class=\"wp-block-code\"><code>%s</code></pre>\n<!-- /wp:code -->" % r.choice(CODE_BLOCKS).replace("<", "&lt;").replace(">", "&gt;"))
        elif kind == "embed":
            parts.append("<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=%s\",\"type\":\"video\",\"providerNameSlug\":\"youtube\"} -->\n<figure class=\"wp-block-embed is-type-video\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=%s\n</div></figure>\n<!-- /wp:embed -->" % ((_hex(r, 11),) * 2))
        else:
            parts.append("<!-- wp:list -->\n<ul><li>Bring your ID</li><li>Fill in form A-1 (or A-2)</li></ul>\n<!-- /wp:list -->")
    return "\n\n".join(parts)


def wordpress(r):
    pid = r.randint(1, 9000)
    return r.choice([
        lambda: ("/wp-json/wp/v2/posts/%d?_locale=user" % pid, "json", {"id": pid, "title": r.choice(["Closed on Monday", "Select your plan", "ゴミ収集日の変更"]),
                                                                      "content": _blocks(r), "status": r.choice(["draft", "publish"]), "excerpt": r.choice(SENTENCES),
                                                                      "meta": {"_yoast_wpseo_metadesc": r.choice(SENTENCES), "footnotes": ""}}),
        lambda: ("/wp-admin/admin-ajax.php", "form", [("data[wp-refresh-post-lock][lock]", "%d:1" % r.randint(1700000000, 1710000000)),
                                                      ("data[wp-refresh-post-lock][post_id]", str(pid)), ("interval", "60"), ("_nonce", _hex(r, 10)),
                                                      ("action", "heartbeat"), ("screen_id", "post"), ("has_focus", "false")]),
        lambda: ("/wp-admin/customize.php", "form", [("wp_customize", "on"), ("customize_theme", "twentytwentyfour"), ("nonce", _hex(r, 10)),
                                                    ("customize_changeset_uuid", "%s-%s-4%s-8%s-%s" % (_hex(r, 8), _hex(r, 4), _hex(r, 3), _hex(r, 3), _hex(r, 12))),
                                                    ("customized", json.dumps({"blogname": "City of Example", "custom_css[twentytwentyfour]":
                                                                               "body { font-family: 'Noto Sans JP', sans-serif; }\na:hover, a:focus { color: #c00; }\n.wp-block-table td:first-child { width: 30%; }"}))]),
        lambda: ("/wp-login.php", "form", [("log", r.choice(["editor01", "t.tanaka"])), ("pwd", "".join(r.choice("abcdefghkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(16))),
                                           ("wp-submit", "Log In"), ("redirect_to", "https://www.city.example.lg.jp/wp-admin/"), ("testcookie", "1")]),
        lambda: ("/wp-comments-post.php", "form", [("comment", r.choice(SENTENCES) + " " + r.choice(SENTENCES)), ("author", r.choice(NAMES)),
                                                   ("email", "reader@example.jp"), ("url", r.choice(["", "https://blog.example.jp/"])), ("submit", "Post Comment"),
                                                   ("comment_post_ID", str(pid)), ("comment_parent", "0")]),
        lambda: ("/wp-json/contact-form-7/v1/contact-forms/%d/feedback" % r.randint(1, 30), "multipart", [
            ("_wpcf7", "12"), ("_wpcf7_version", "5.8.7"), ("_wpcf7_locale", "ja"), ("_wpcf7_unit_tag", "wpcf7-f12-p%d-o1" % pid),
            ("your-name", r.choice(NAMES)), ("your-email", "resident@example.jp"), ("your-subject", r.choice(["Question about tax", "ゴミについて"])),
            ("your-message", "\n".join(r.sample(SENTENCES, 2)))]),
        lambda: ("/wp-admin/async-upload.php", "multipart", [("name", "photo-%d.jpg" % r.randint(1, 999)), ("action", "upload-attachment"), ("_wpnonce", _hex(r, 10))]),
    ])()


def drupal(r):
    return r.choice([
        lambda: ("/node/%d/edit" % r.randint(1, 9000), "form", [("title[0][value]", r.choice(["Closed on Monday", "Union meeting notes"])),
                                                                ("body[0][value]", "<p>%s</p>\r\n<p><a href=\"/node/12\">%s</a></p>" % (r.choice(SENTENCES), "Read more")),
                                                                ("body[0][format]", "full_html"), ("changed", str(r.randint(1700000000, 1710000000))),
                                                                ("form_build_id", "form-" + _hex(r, 43)), ("form_token", _hex(r, 43)),
                                                                ("form_id", "node_article_edit_form"), ("path[0][alias]", "/news/closed-on-monday"),
                                                                ("status[value]", "1"), ("op", "Save")]),
        lambda: ("/webform/contact", "form", [("name", r.choice(NAMES)), ("email", "resident@example.jp"), ("subject", "Inquiry"),
                                              ("message", r.choice(SENTENCES)), ("op", "Send message"), ("form_id", "webform_submission_contact_add_form")]),
    ])()


def japanese(r):
    return r.choice([
        lambda: ("/cgi-bin/mt/mt.cgi", "form", [("__mode", "save_entry"), ("_type", "entry"), ("blog_id", "1"), ("id", str(r.randint(1, 9999))),
                                                ("title", "お知らせ"), ("text", "<p>%s</p>" % r.choice(SENTENCES)), ("text_more", ""),
                                                ("convert_breaks", "richtext"), ("status", "2"), ("magic_token", _hex(r, 40))]),
        lambda: ("/shopping/confirm", "form", [("_shopping_order[Shippings][0][Delivery]", "1"), ("_shopping_order[Payment]", str(r.randint(1, 4))),
                                               ("_shopping_order[message]", r.choice(["置き配希望（玄関前）", "Please leave it at the door #2", ""])),
                                               ("_shopping_order[_token]", _hex(r, 40))]),
        lambda: ("/entry", "form", [("entry[name][name01]", "山田"), ("entry[name][name02]", "太郎"), ("entry[kana][kana01]", "ヤマダ"),
                                    ("entry[postal_code]", "650-0001"), ("entry[address][pref]", "28"), ("entry[address][addr01]", "神戸市中央区加納町６丁目５−１"),
                                    ("entry[address][addr02]", "Apt #3, 1/2 building"), ("entry[phone_number]", "0783310081"),
                                    ("entry[email][first]", "taro@example.jp"), ("entry[plain_password][first]", "Tt" + _hex(r, 10))]),
    ])()


KINDS = [(0.60, wordpress), (0.80, drupal), (1.01, japanese)]


def _multipart(*fields):
    boundary = "----WebKitFormBoundaryQ7x4PZ8fH2kL0s1m"
    parts = []
    for k, v in fields:
        if k == "name" and v.endswith(".jpg"):
            parts.append("--%s\r\nContent-Disposition: form-data; name=\"async-upload\"; filename=\"%s\"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0JFIF\r\n" % (boundary, v))
        parts.append("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v))
    return boundary, "".join(parts) + "--%s--\r\n" % boundary


def generate(n, seed=20261206):
    """n JSON log lines of everyday requests with bodies, from the sources above."""
    return body_lines(n, seed, KINDS, UAS, _multipart)


if __name__ == "__main__":
    for line in generate(6):
        print(line[:300])
