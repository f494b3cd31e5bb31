#!/usr/bin/env python3
"""A seventh set of generated everyday traffic: content-management systems as their
editors and visitors use them. Written (2026-12-04, eleventh session) before fukurou ran
on it, to be measured on it once as held out.

Its sources: WordPress's front end (permalinks, search, feeds, the REST API with _embed
and _fields, oEmbed, asset versions, WP-Cron) and its admin (editing posts and pages,
lists with their filters, the media library, plugin and theme screens with their file
editors, the block editor's REST calls, the customiser, site health, updates); Drupal
(node editing with destinations, admin listings, Views' AJAX, image styles with itok,
the log's filters, batches); Joomla's administrator; TYPO3's plugin parameters with
cHash; Movable Type's mt.cgi modes; EC-CUBE's shop and admin; and the robots and
monitors that visit them. Nothing in it is an attack.

    crs_eval.py ... --generated N --generator cms_traffic
"""
import urllib.parse

from gen_common import request_lines, hex_token as _hex

Q = urllib.parse.quote
QP = urllib.parse.quote_plus

SITE = "https://www.city.example.lg.jp"
SEARCHES = ["ごみ 収集日", "子育て 支援", "select a plan", "union station", "drop-off point", "1=1 campaign",
            "or more", "what's new", "Q&A", "<b>bold</b> text?", "住民票 コンビニ交付", "cat adoption", "kill switch"]
SLUGS = ["news-2024-03-12", "covid-19-vaccine", "budget-fy2024", "disaster-prevention", "select-your-plan",
         "drop-in-center", "union-meeting-notes", "where-to-vote"]


def wordpress_front(r):
    return r.choice([
        lambda: "/?p=%d" % r.randint(1, 9000),
        lambda: "/?page_id=%d" % r.randint(1, 400),
        lambda: "/?s=%s" % QP(r.choice(SEARCHES)),
        lambda: "/%d/%02d/%s/" % (r.randint(2015, 2024), r.randint(1, 12), r.choice(SLUGS)),
        lambda: "/category/%s/page/%d/" % (r.choice(["news", "events", "kurashi"]), r.randint(2, 9)),
        lambda: "/feed/", lambda: "/?feed=rss2&cat=%d" % r.randint(1, 20), lambda: "/comments/feed/",
        lambda: "/wp-json/wp/v2/posts?per_page=%d&_embed=1&categories=%d&_fields=id,title,link,date" % (r.choice([5, 10, 20]), r.randint(1, 20)),
        lambda: "/wp-json/wp/v2/search?search=%s&type=post&subtype=any&per_page=5" % Q(r.choice(SEARCHES)),
        lambda: "/wp-json/oembed/1.0/embed?url=%s&format=json" % Q("%s/%s/" % (SITE, r.choice(SLUGS)), safe=""),
        lambda: "/wp-content/themes/%s/style.css?ver=%s" % (r.choice(["twentytwentyfour", "city-theme"]), r.choice(["6.4.3", "1.2.0"])),
        lambda: "/wp-includes/js/jquery/jquery.min.js?ver=3.7.1",
        lambda: "/wp-content/plugins/contact-form-7/includes/js/index.js?ver=5.8.7",
        lambda: "/wp-content/uploads/%d/%02d/%s-%dx%d.jpg" % (r.randint(2015, 2024), r.randint(1, 12), r.choice(SLUGS), r.choice([150, 300, 768]), r.choice([150, 200, 512])),
        lambda: "/wp-cron.php?doing_wp_cron=%d.%s" % (r.randint(1700000000, 1710000000), "".join(r.choice("0123456789") for _ in range(22))),
        lambda: "/xmlrpc.php?rsd",
        lambda: "/wp-login.php?redirect_to=%s&reauth=1" % Q(SITE + "/wp-admin/", safe=""),
        lambda: "/wp-login.php?action=lostpassword",
        lambda: "/?rest_route=/wp/v2/pages/%d" % r.randint(1, 400),
    ])()


def wordpress_admin(r):
    return r.choice([
        lambda: "/wp-admin/post.php?post=%d&action=edit" % r.randint(1, 9000),
        lambda: "/wp-admin/post-new.php?post_type=%s" % r.choice(["post", "page", "event"]),
        lambda: "/wp-admin/edit.php?post_type=page&orderby=title&order=%s&paged=%d" % (r.choice(["asc", "desc"]), r.randint(1, 5)),
        lambda: "/wp-admin/edit.php?s=%s&post_status=all&post_type=post&action=-1&m=0&cat=0&paged=1&action2=-1" % QP(r.choice(SEARCHES)),
        lambda: "/wp-admin/upload.php?mode=%s" % r.choice(["grid", "list"]),
        lambda: "/wp-admin/plugins.php?plugin_status=%s" % r.choice(["all", "active", "inactive", "upgrade"]),
        lambda: "/wp-admin/plugin-install.php?s=%s&tab=search&type=term" % QP(r.choice(["contact form", "backup", "security"])),
        lambda: "/wp-admin/theme-editor.php?file=%s&theme=%s" % (r.choice(["functions.php", "style.css", "templates%2Fsingle.html", "parts%2Fheader.html"]), r.choice(["twentytwentyfour", "city-theme"])),
        lambda: "/wp-admin/plugin-editor.php?file=%s&plugin=%s" % (Q("akismet/akismet.php", safe=""), Q("akismet/akismet.php", safe="")),
        lambda: "/wp-admin/load-scripts.php?c=0&load%%5Bchunk_0%%5D=%s&ver=6.4.3" % "jquery-core,jquery-migrate,utils,wp-hooks",
        lambda: "/wp-admin/load-styles.php?c=0&dir=ltr&load%5Bchunk_0%5D=dashicons,admin-bar,common,forms,admin-menu&ver=6.4.3",
        lambda: "/wp-admin/revision.php?revision=%d" % r.randint(1, 99999),
        lambda: "/wp-admin/users.php?s=%s&action=-1&new_role&paged=1" % QP(r.choice(["tanaka", "o'brien", "admin"])),
        lambda: "/wp-admin/site-health.php?tab=%s" % r.choice(["debug", "status"]),
        lambda: "/wp-admin/customize.php?return=%s" % Q("/wp-admin/themes.php", safe=""),
        lambda: "/wp-admin/update-core.php?action=do-core-upgrade",
        lambda: "/wp-admin/admin.php?page=%s" % r.choice(["wpcf7&post=12&action=edit", "wpseo_dashboard", "backwpup", "aioseo-settings#/webmaster-tools"]),
        lambda: "/wp-admin/options-general.php?page=%s" % r.choice(["wp-mail-smtp", "tinymce-advanced", "redirection.php&sub=log"]),
        lambda: "/wp-admin/tools.php?page=%s" % r.choice(["export", "health-check", "redirection.php"]),
        lambda: "/wp-json/wp/v2/templates/%s//single?context=edit&_locale=user" % r.choice(["twentytwentyfour", "city-theme"]),
        lambda: "/wp-json/wp/v2/block-renderer/core/latest-posts?attributes%%5BpostsToShow%%5D=%d&context=edit&_locale=user" % r.randint(3, 9),
        lambda: "/wp-json/wp/v2/users/me?_locale=user&context=edit",
        lambda: "/wp-json/wp/v2/media?context=edit&per_page=%d&orderby=date&order=desc&media_type=image&_locale=user" % r.choice([20, 40]),
        lambda: "/wp-json/wp/v2/pages/%d/autosaves?_locale=user" % r.randint(1, 400),
    ])()


def drupal(r):
    return r.choice([
        lambda: "/node/%d/edit?destination=%s" % (r.randint(1, 9000), Q("/admin/content", safe="")),
        lambda: "/admin/content?title=%s&type=%s&status=All&langcode=All&order=changed&sort=desc" % (QP(r.choice(SEARCHES)), r.choice(["All", "article", "page"])),
        lambda: "/admin/config/%s" % r.choice(["development/performance", "system/site-information", "people/accounts", "search/path?search=%2Fnode"]),
        lambda: "/user/login?destination=%s" % Q("/node/%d#comment-%d" % (r.randint(1, 999), r.randint(1, 99)), safe=""),
        lambda: "/views/ajax?_wrapper_format=drupal_ajax&view_name=news&view_display_id=page_1&view_args=&view_path=%s&pager_element=0&page=%d" % (Q("/news", safe=""), r.randint(1, 9)),
        lambda: "/admin/reports/dblog?type%%5B%%5D=%s&severity%%5B%%5D=%d" % (r.choice(["php", "user", "cron", "access+denied", "page+not+found"]), r.randint(0, 7)),
        lambda: "/sites/default/files/styles/%s/public/2024-%02d/%s.jpg?itok=%s" % (r.choice(["thumbnail", "large", "wide"]), r.randint(1, 12), r.choice(SLUGS), _hex(r, 8)),
        lambda: "/batch?id=%d&op=%s" % (r.randint(1, 999), r.choice(["do_nojs", "start", "finished"])),
        lambda: "/admin/structure/views/view/content/edit/page_1?destination=%s" % Q("/admin/structure/views", safe=""),
        lambda: "/taxonomy/term/%d?page=%d" % (r.randint(1, 300), r.randint(0, 5)),
    ])()


def other_cms(r):
    return r.choice([
        lambda: "/administrator/index.php?option=com_content&view=articles&filter[search]=%s&list[fullordering]=a.id%%20DESC" % QP(r.choice(SEARCHES)),
        lambda: "/administrator/index.php?option=%s" % r.choice(["com_config", "com_users&view=users", "com_installer&view=update&task=update.find", "com_media&path=local-images:/banners"]),
        lambda: "/index.php?option=com_ajax&module=weather&method=get&format=json&city=%s" % Q(r.choice(["Kobe", "神戸"])),
        lambda: "/index.php?id=%d&L=%d&tx_news_pi1%%5Bnews%%5D=%d&tx_news_pi1%%5Bcontroller%%5D=News&tx_news_pi1%%5Baction%%5D=detail&cHash=%s" % (r.randint(1, 300), r.randint(0, 2), r.randint(1, 999), _hex(r, 32)),
        lambda: "/typo3/module/web/layout?token=%s&id=%d" % (_hex(r, 40), r.randint(1, 300)),
        lambda: "/cgi-bin/mt/mt.cgi?__mode=%s&_type=%s&blog_id=%d&id=%d" % (r.choice(["view", "list", "rebuild_confirm", "preview_entry"]), r.choice(["entry", "page", "asset"]), r.randint(1, 9), r.randint(1, 9999)),
        lambda: "/cgi-bin/mt/mt.cgi?__mode=list&_type=entry&blog_id=%d&filter_key=my_posts&filter=status&filter_val=%d" % (r.randint(1, 9), r.randint(1, 4)),
        lambda: "/cgi-bin/mt/mt-search.cgi?search=%s&IncludeBlogs=1&limit=20" % QP(r.choice(SEARCHES)),
        lambda: "/products/list?category_id=%d&name=%s&orderby=%d&disp_number=%d" % (r.randint(1, 30), QP(r.choice(SEARCHES)), r.randint(1, 3), r.choice([20, 40])),
        lambda: "/products/detail/%d" % r.randint(1, 9999),
        lambda: "/admin/product?name=%s&category_id=&status%%5B%%5D=1&page_no=%d" % (QP(r.choice(["Tシャツ", "O'Neill hoodie", "select box"])), r.randint(1, 9)),
        lambda: "/admin/order?order_no=&status=%d&page_no=%d" % (r.randint(1, 9), r.randint(1, 9)),
        lambda: "/shopping/confirm", lambda: "/mypage/login", lambda: "/cart",
        lambda: "/index.php/dashboard/sitemap/full?cID=%d" % r.randint(1, 300),
    ])()


KINDS = [(wordpress_front, 40), (wordpress_admin, 25), (drupal, 15), (other_cms, 20)]

UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "WordPress/6.4.3; https://www.city.example.lg.jp", "Jetpack by WordPress.com",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers; )",
]
REFERRERS = ["-", "-", SITE + "/", SITE + "/wp-admin/edit.php", SITE + "/wp-admin/post.php?post=123&action=edit",
             SITE + "/admin/content", "https://www.google.co.jp/", "https://search.yahoo.co.jp/search?p=%E5%AD%90%E8%82%B2%E3%81%A6"]


def _method(rng, kind, uri):
    if uri.startswith(("/wp-cron.php", "/shopping/confirm", "/batch")) or ("autosaves" in uri and rng.random() < 0.7):
        return "POST"
    return "GET"


def generate(count, seed=20241208):
    """Returns count requests as (method, uri, version, user_agent, referrer)."""
    return request_lines(count, seed, KINDS, UAS, REFERRERS, ["HTTP/1.1", "HTTP/2.0"], _method)


if __name__ == "__main__":
    for m, u, v, a, ref in generate(20):
        print(m, u[:150], v, a[:30], ref)
