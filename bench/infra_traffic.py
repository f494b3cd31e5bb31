#!/usr/bin/env python3
"""A fourth set of generated everyday traffic: what the infrastructure and business
systems of a member organisation serve all day, written (2026-12-04, tenth session)
after the rules taught by portal_traffic.py and before fukurou ran on this set, to be
measured on it once as held out.

Its sources: remote access (SSL-VPN portals, Citrix StoreFront, Exchange Web Services
and Autodiscover), business systems (ServiceNow's encoded queries, SAP's and Oracle
APEX's URLs, Jenkins, Roundcube webmail, Tableau embeds), GIS (ArcGIS REST queries,
WMS and WFS with CQL filters and bounding boxes), a library catalogue (CCL and CQL
searches), devices (a NAS's web API, network cameras' CGI, printers, an industrial
HMI's status pages), video (HLS playlists and segments with tokens), an image CDN's
resizing paths, payment callbacks, and the clients that call them (agents, SDKs,
device firmware, browsers). Nothing in it is an attack.

    crs_eval.py ... --generated N --generator infra_traffic
"""
import random
import urllib.parse

from gen_common import pick

Q = urllib.parse.quote

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36 Edg/121.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
    "Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:122.0) Gecko/20100101 Firefox/122.0",
]
AGENTS = [
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro)", "ExchangeServicesClient/15.20.7000.000",
    "Citrix Receiver/23.11.0 (Windows)", "AnyConnect Windows 4.10.07073", "FortiClient/7.2.3",
    "Jenkins/2.426.2", "Apache-HttpClient/5.2.1 (Java/17.0.9)", "okhttp/4.11.0", "ArcGIS Pro 3.2.1 (00000000000) - ArcGISPro",
    "QGIS/33400/Windows 10 Version 2009", "Lavf/60.16.100", "AppleCoreMedia/1.0.0.21C62 (iPhone; U; CPU OS 17_2 like Mac OS X; en_us)",
    "Synology-DS/7.2", "Axis-Client/1.0", "HP-ChaiSOE/1.0", "Python/3.11 aiohttp/3.9.1", "node-fetch/3.3.2",
    "Stripe/1.0 (+https://stripe.com/docs/webhooks)", "PayPal IPN ( https://www.paypal.com/ipn )",
]


def _hex(r, n):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def _sysid(r):
    return _hex(r, 32)


def remote_access(r):
    return r.choice([
        lambda: "/remote/login?lang=%s" % r.choice(["en", "ja"]),
        lambda: "/remote/logincheck", lambda: "/remote/fgt_lang?lang=en",
        lambda: "/+CSCOE+/logon.html?a0=15&a1=&a2=&a3=1", lambda: "/+CSCOT+/translation-table?type=mst&textdomain=AnyConnect&lang=ja",
        lambda: "/dana-na/auth/url_default/welcome.cgi", lambda: "/dana-na/auth/url_default/login.cgi",
        lambda: "/Citrix/StoreWeb/", lambda: "/Citrix/StoreWeb/Resources/List", lambda: "/Citrix/StoreWeb/Home/Configuration",
        lambda: "/EWS/Exchange.asmx", lambda: "/autodiscover/autodiscover.xml", lambda: "/mapi/emsmdb/?MailboxId=%s@example.go.jp" % _hex(r, 32),
        lambda: "/owa/service.svc?action=GetItem&EP=1&ID=-%d&AC=1" % r.randint(10, 99),
        lambda: "/rpc/rpcproxy.dll?mail.example.go.jp:6001", lambda: "/Microsoft-Server-ActiveSync?Cmd=Ping&User=tanaka&DeviceId=%s&DeviceType=Android" % _hex(r, 16).upper(),
    ])()


def business(r):
    q = r.choice(["active=true^priority=1^ORDERBYDESCsys_created_on", "assigned_to=javascript:gs.getUserID()^state!=6",
                  "short_descriptionLIKEvpn^ORdescriptionLIKEvpn", "category=network^opened_at>=javascript:gs.beginningOfLast7Days()"])
    return r.choice([
        lambda: "/incident_list.do?sysparm_query=%s&sysparm_view=" % Q(q, safe="=^!"),
        lambda: "/incident.do?sys_id=%s&sysparm_record_target=incident&sysparm_record_row=%d" % (_sysid(r), r.randint(1, 50)),
        lambda: "/api/now/table/incident?sysparm_query=%s&sysparm_limit=50&sysparm_fields=number,short_description,state" % Q(q, safe=""),
        lambda: "/sap/bc/gui/sap/its/webgui?sap-client=100&sap-language=JA&~transaction=*SE16%20P_TABLE=MARA",
        lambda: "/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner?$filter=%s&$top=20&$format=json" % Q("BusinessPartnerCategory eq '1'"),
        lambda: "/ords/f?p=100:1:%d::NO:RP,1:P1_DEPT:%d" % (r.randint(10**12, 10**13), r.randint(10, 99)),
        lambda: "/ords/hr/employees/?q=%s" % Q('{"salary":{"$gt":5000},"department_id":{"$eq":90}}', safe=""),
        lambda: "/job/%s/lastBuild/consoleText" % r.choice(["deploy-web", "nightly-backup", "scan-images"]),
        lambda: "/job/deploy-web/buildWithParameters?token=%s&BRANCH=main&ENV=staging" % _hex(r, 20),
        lambda: "/job/deploy-web/%d/artifact/build/reports/tests/index.html" % r.randint(100, 999),
        lambda: "/?_task=mail&_action=show&_uid=%d&_mbox=INBOX" % r.randint(1, 9999),
        lambda: "/?_task=mail&_action=search&_q=%s&_headers=text&_scope=base&_mbox=INBOX" % Q(r.choice(["invoice", "会議", "o'brien"])),
        lambda: "/views/SOCDashboard/Overview?:embed=y&:showVizHome=no&:tabs=no&:toolbar=bottom",
        lambda: "/t/soc/views/Incidents/ByWeek.csv?:refresh=yes",
    ])()


def gis(r):
    where = r.choice(["1=1", "STATUS='OPEN'", "AREA > 1000 AND CITY='Sendai'", "OBJECTID IN (1,2,3)", "NAME LIKE 'Main%'"])
    return r.choice([
        lambda: "/arcgis/rest/services/Hazard/Flood/MapServer/0/query?where=%s&outFields=*&returnGeometry=true&f=geojson" % Q(where, safe=""),
        lambda: "/arcgis/rest/services/Hazard/Flood/MapServer/export?bbox=139.6,35.6,139.9,35.8&bboxSR=4326&size=800,600&format=png32&transparent=true&f=image",
        lambda: "/arcgis/rest/services/Roads/FeatureServer/0/query?where=%s&geometry=%s&geometryType=esriGeometryEnvelope&spatialRel=esriSpatialRelIntersects&f=json" % (
            Q(where, safe=""), Q('{"xmin":139.6,"ymin":35.6,"xmax":139.9,"ymax":35.8}', safe="")),
        lambda: "/geoserver/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=city:roads&STYLES=&CRS=EPSG:4326&BBOX=35.6,139.6,35.8,139.9&WIDTH=768&HEIGHT=512&FORMAT=image/png",
        lambda: "/geoserver/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=city:shelters&CQL_FILTER=%s&outputFormat=application/json" % Q(
            r.choice(["capacity > 100 AND type = 'school'", "name LIKE '%小学校%'", "INTERSECTS(geom, POINT(139.7 35.7))"]), safe=""),
        lambda: "/tiles/%d/%d/%d.pbf" % (r.randint(5, 16), r.randint(0, 60000), r.randint(0, 30000)),
    ])()


def library(r):
    return r.choice([
        lambda: "/cgi-bin/koha/opac-search.pl?q=%s" % Q(r.choice(['su:"Computer networks"', 'ti,phr:"the art of computer programming"', 'au:Knuth and yr,st-numeric>=1990'])),
        lambda: "/opac/search?query=%s&recordSchema=marcxml&maximumRecords=10" % Q(r.choice(['dc.title any "network security"', 'cql.anywhere all "情報 セキュリティ"', 'dc.creator = "Tanaka" and dc.date > 2010'])),
        lambda: "/cgi-bin/koha/opac-detail.pl?biblionumber=%d" % r.randint(1, 99999),
    ])()


def devices(r):
    return r.choice([
        lambda: "/webapi/entry.cgi?api=SYNO.API.Info&version=1&method=query&query=all",
        lambda: "/webapi/entry.cgi?api=SYNO.FileStation.List&version=2&method=list&folder_path=%s&additional=%s" % (Q("/home/backup", safe=""), Q('["size","time"]', safe="")),
        lambda: "/axis-cgi/mjpg/video.cgi?resolution=640x480&fps=%d" % r.choice([5, 10, 15]),
        lambda: "/axis-cgi/param.cgi?action=list&group=Properties.System",
        lambda: "/ISAPI/Streaming/channels/%d01/picture" % r.randint(1, 8),
        lambda: "/hp/device/InternalPages/Index?id=SuppliesStatus", lambda: "/DevMgmt/ProductStatusDyn.xml",
        lambda: "/cgi-bin/status.cgi?cmd=get&id=%d" % r.randint(1, 40),
        lambda: "/hmi/trend.html?tag=%s&from=%s&to=now" % (Q("PLANT1.PUMP_%02d.FLOW" % r.randint(1, 20)), Q("now-1h")),
        lambda: "/hmi/alarms.json?ack=false&severity>=2".replace(">", "%3E"),
    ])()


def media(r):
    token = "exp=%d~acl=%s~hmac=%s" % (r.randint(1700000000, 1800000000), Q("/hls/*", safe=""), _hex(r, 64))
    return r.choice([
        lambda: "/hls/live/%s/index.m3u8?hdnts=%s" % (r.choice(["council", "press"]), token),
        lambda: "/hls/live/council/seg_%05d.ts?hdnts=%s" % (r.randint(1, 99999), token),
        lambda: "/cdn-cgi/image/width=%d,quality=75,format=auto/images/%s.jpg" % (r.choice([320, 640, 1280]), r.choice(["hero", "map", "staff"])),
        lambda: "/_img/resize/800x600/fit/%s" % Q("photos/2024/12/会議.jpg"),
    ])()


def payments(r):
    return r.choice([
        lambda: "/payment/callback?status=success&order_id=%d&amount=%d&sig=%s" % (r.randint(10**5, 10**6), r.randint(100, 99999), _hex(r, 64)),
        lambda: "/payment/return?token=EC-%s&PayerID=%s" % (_hex(r, 17).upper(), _hex(r, 13).upper()),
        lambda: "/checkout/3ds/return?MD=%s&PaRes=%s" % (_hex(r, 24), Q("eJzVWNmSo0iyfe+vSMt51" + _hex(r, 40) + "+/==", safe="")),
    ])()


REFERRERS = ["-", "-", "https://portal.example.go.jp/", "https://intranet.example.go.jp/links",
             "https://example.service-now.com/nav_to.do", "https://www.google.co.jp/", "https://map.example.lg.jp/"]


def generate(count, seed=20241205):
    """Returns count requests as (method, uri, version, user_agent, referrer)."""
    rng = random.Random(seed)
    kinds = [(remote_access, 14), (business, 20), (gis, 16), (library, 6), (devices, 16), (media, 16), (payments, 6)]
    out = []
    for _ in range(count):
        kind = pick(rng, kinds)
        uri = kind(rng)
        method = "GET"
        if uri.startswith(("/EWS/", "/autodiscover/", "/mapi/", "/remote/logincheck", "/Citrix/StoreWeb/Resources", "/Microsoft-Server")):
            method = "POST"
        ua = rng.choice(AGENTS) if kind in (remote_access, devices, media) and rng.random() < 0.6 else rng.choice(BROWSERS + AGENTS)
        out.append((method, uri, rng.choice(["HTTP/1.1", "HTTP/2.0"]), ua, rng.choice(REFERRERS)))
    return out


if __name__ == "__main__":
    for m, u, v, a, ref in generate(15):
        print(m, u, v, a[:40], ref)
