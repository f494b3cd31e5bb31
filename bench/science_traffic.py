#!/usr/bin/env python3
"""A ninth set of generated everyday traffic: health care and science, two of the sectors
a national centre serves. Written (2026-12-04, twelfth session) before fukurou ran on
it, to be measured on it once as held out.

Its sources: HL7 FHIR R4 REST searches (chained and reverse-chained parameters, token
searches with a system and a code joined by '|', prefixes such as ge and lt, _include
and _revinclude, _has, _filter, _elements, _summary, paging links), DICOMweb's QIDO-RS
and WADO-RS (patient names with '^', date ranges, includefield, frame numbers), an
electronic health record's appointment and order screens, laboratory result lookups by
LOINC code, NCBI's E-utilities with their field tags ([gene], [orgn], [pdat]), Europe
PMC and arXiv searches, Crossref and ORCID lookups, OPeNDAP's constraint expressions
(hyperslabs var[0:1:10], selections with quoted strings), THREDDS and ERDDAP data
requests, OGC SensorThings' OData-style filters, a weather service's point queries, a
university's course catalogue and learning platform (Moodle), and a library's
discovery layer. Nothing in it is an attack.

    crs_eval.py ... --generated N --generator science_traffic
"""
import urllib.parse

from gen_common import request_lines, hex_token as _hex

Q = urllib.parse.quote
QP = urllib.parse.quote_plus


def _date(r):
    return "2024-%02d-%02d" % (r.randint(1, 12), r.randint(1, 28))


FAMILY = ["Yamada", "Sato", "O'Brien", "Suzuki", "Nguyen", "D'Angelo", "Smith-Jones", "山田"]
GIVEN = ["Taro", "Hanako", "Sean", "Mai", "Luca", "花子"]


def fhir(r):
    base = r.choice(["/fhir", "/fhir/R4", "/baseR4", "/api/fhir"])
    return base + r.choice([
        lambda: "/Patient?family=%s&given=%s&birthdate=%s&_count=%d" % (Q(r.choice(FAMILY)), Q(r.choice(GIVEN)), r.choice(["ge", "le", "eq", ""]) + _date(r), r.choice([10, 20, 50])),
        lambda: "/Patient?identifier=%s&_elements=id,name,birthDate,gender" % Q("urn:oid:1.2.392.100495.20.3.51.1%d|%08d" % (r.randint(1, 47), r.randint(0, 10**8))),
        lambda: "/Observation?patient=Patient/%d&code=%s&date=ge%s&date=lt%s&_sort=-date&_count=%d" % (
            r.randint(1, 10**6), Q(r.choice(["http://loinc.org|2339-0", "http://loinc.org|718-7,http://loinc.org|4548-4", "http://jpfhir.jp/fhir/core/CodeSystem/JP_ObservationLabResultCode_CS|3D010000002227101"]), safe=",/:"),
            _date(r), _date(r), r.choice([10, 100])),
        lambda: "/Encounter?subject:Patient.name=%s&status=%s&_include=Encounter:participant&_revinclude=Condition:encounter" % (Q(r.choice(FAMILY)), r.choice(["finished", "in-progress,arrived"])),
        lambda: "/Patient?_has:Observation:patient:code=%s&_summary=count" % Q("http://loinc.org|1751-7"),
        lambda: "/MedicationRequest?patient=%d&status=active&_include=MedicationRequest:medication&_elements=%s" % (r.randint(1, 10**6), Q("medicationCodeableConcept,dosageInstruction")),
        lambda: "/Condition?_filter=%s" % Q(r.choice(['code eq "I10" and clinical-status eq active', 'onset-date ge 2023-01-01 or abatement-string co "remission"', 'subject re Patient/123'])),
        lambda: "/Practitioner?name:contains=%s&address-city=%s" % (Q(r.choice(FAMILY)), Q(r.choice(["Kobe", "神戸市", "Osaka-shi"]))),
        lambda: "/Appointment?date=ge%sT09:00:00%%2B09:00&date=le%sT18:00:00%%2B09:00&practitioner=Practitioner/%d&_count=50" % (_date(r), _date(r), r.randint(1, 999)),
        lambda: "?_getpages=%s&_getpagesoffset=%d&_count=20&_pretty=true&_bundletype=searchset" % (_hex(r, 8) + "-" + _hex(r, 4) + "-" + _hex(r, 4) + "-" + _hex(r, 4) + "-" + _hex(r, 12), r.choice([20, 40, 60])),
        lambda: "/metadata?_format=json",
        lambda: "/Patient/%d/$everything?_since=%sT00:00:00Z" % (r.randint(1, 10**6), _date(r)),
        lambda: "/ValueSet/$expand?url=%s&filter=%s" % (Q("http://hl7.org/fhir/ValueSet/condition-code", safe=""), Q(r.choice(["diab", "hyperten", "糖尿"]))),
    ])()


def dicom(r):
    return r.choice([
        lambda: "/dicom-web/studies?PatientName=%s&StudyDate=%s-%s&ModalitiesInStudy=%s&includefield=%s&limit=%d&fuzzymatching=%s" % (
            Q("%s^%s*" % (r.choice(FAMILY), r.choice(GIVEN)[:2])), _date(r).replace("-", ""), _date(r).replace("-", ""), r.choice(["CT", "MR", "CR\\DX"]),
            r.choice(["00081030,00080060", "all", "StudyDescription"]), r.choice([25, 100]), r.choice(["true", "false"])),
        lambda: "/dicom-web/studies/1.2.392.200036.9116.2.6.1.%d.%d/series?includefield=0008103E" % (r.randint(10**6, 10**7), r.randint(10**8, 10**9)),
        lambda: "/dicom-web/studies/1.2.840.%d/series/1.2.840.%d.%d/instances/1.2.840.%d.%d.%d/frames/%s/rendered?quality=%d&viewport=512,512" % (
            r.randint(10**4, 10**5), r.randint(10**4, 10**5), r.randint(1, 99), r.randint(10**4, 10**5), r.randint(1, 99), r.randint(1, 999), r.choice(["1", "1,2,3", "12"]), r.choice([75, 90])),
        lambda: "/wado?requestType=WADO&studyUID=1.2.392.%d&seriesUID=1.2.392.%d.1&objectUID=1.2.392.%d.1.%d&contentType=%s&frameNumber=%d" % (
            r.randint(10**6, 10**7), r.randint(10**6, 10**7), r.randint(10**6, 10**7), r.randint(1, 300), Q(r.choice(["image/jpeg", "application/dicom"])), r.randint(1, 30)),
    ])()


LOINC = ["2339-0", "718-7", "4548-4", "2093-3", "26464-8"]


def ehr(r):
    return r.choice([
        lambda: "/ehr/appointments?dept=%s&date=%s&doctor=%s&view=%s" % (r.choice(["naika", "geka", "小児科", "ENT&HNS"]).replace("&", "%26"), _date(r), Q("Dr. %s" % r.choice(FAMILY)), r.choice(["day", "week"])),
        lambda: "/ehr/labs/results?mrn=%08d&loinc=%s&from=%s&to=%s&flag=%s" % (r.randint(0, 10**8), ",".join(r.sample(LOINC, 2)), _date(r), _date(r), r.choice(["H,L", "HH", "all"])),
        lambda: "/ehr/orders/search?q=%s&type=%s&status=%s" % (QP(r.choice(["CBC w/ diff", "HbA1c >= 6.5", "chest x-ray (PA & lateral)", "CT head w/o contrast", "K+ / Na+"])), r.choice(["lab", "rad", "rx"]), r.choice(["pending", "signed"])),
        lambda: "/ehr/notes/%d?section=%s&print=1" % (r.randint(1, 10**6), Q(r.choice(["S/O", "A/P", "history; meds"]))),
        lambda: "/pharmacy/drug-search?name=%s&form=%s" % (QP(r.choice(["amlodipine 5mg", "ロキソプロフェン", "insulin glargine (U-100)", "acetaminophen/codeine"])), r.choice(["tab", "inj", "all"])),
    ])()


def literature(r):
    return r.choice([
        lambda: "/entrez/eutils/esearch.fcgi?db=%s&term=%s&retmax=%d&usehistory=y&retmode=json" % (
            r.choice(["pubmed", "gene", "nuccore"]), QP(r.choice(["brca1[gene] AND human[orgn]", "(covid-19 OR sars-cov-2) AND 2023[pdat]", "yamada t[au] AND kobe[ad]", "\"drug resistance\"[mh] NOT review[pt]", "p53 AND (apoptosis OR \"cell death\")"])), r.choice([20, 100, 500])),
        lambda: "/entrez/eutils/efetch.fcgi?db=pubmed&id=%s&rettype=abstract&retmode=xml" % ",".join(str(r.randint(10**7, 4 * 10**7)) for _ in range(r.randint(1, 5))),
        lambda: "/europepmc/webservices/rest/search?query=%s&format=json&pageSize=25&cursorMark=%s" % (QP(r.choice(['TITLE:"machine learning" AND PUB_YEAR:[2020 TO 2024]', 'AUTH:"Sato H" AND OPEN_ACCESS:y', 'METHODS:"select" OR ABSTRACT:"union"'])), r.choice(["*", "AoIIP" + _hex(r, 10)])),
        lambda: "/api/query?search_query=%s&start=%d&max_results=%d&sortBy=submittedDate&sortOrder=descending" % (QP(r.choice(["au:del_maestro AND ti:checkerboard", "cat:cs.CR AND abs:\"side channel\"", "ti:\"drop-in\" ANDNOT cat:math.*"])), r.choice([0, 50]), r.choice([10, 50])),
        lambda: "/works?query.bibliographic=%s&filter=%s&rows=20&select=DOI,title,author" % (QP(r.choice(["Yamada 2021 Nature", "O'Brien cybersecurity critical infrastructure"])), Q("from-pub-date:2020-01-01,type:journal-article", safe=",:")),
        lambda: "/v3.0/search/?q=%s" % Q(r.choice(['family-name:Sato AND given-names:Hanako', 'affiliation-org-name:"Kobe University"'])),
    ])()


def data(r):
    return r.choice([
        lambda: "/opendap/%s.nc.ascii?%s" % (r.choice(["sst/oisst_2024", "jma/msm_surface_20240301", "argo/float_2901234"]), r.choice([
            "sst[0:1:0][100:1:200][300:1:400]", "time,lat,lon,sst&lat>=30&lat<=45&lon>=130&lon<=145", "temp[0][0:10][0:10]&time>=\"2024-03-01\"",
            "PRES,TEMP,PSAL&PLATFORM_NUMBER=\"2901234\""])),
        lambda: "/thredds/ncss/grid/%s?var=%s&north=%d&west=%d&east=%d&south=%d&horizStride=1&time_start=%sT00:00:00Z&time_end=%sT00:00:00Z&accept=netcdf4" % (
            r.choice(["msm/MSM-P", "gfs/best"]), r.choice(["Temperature_isobaric", "u-component_of_wind_height_above_ground"]), r.randint(35, 46), r.randint(128, 135), r.randint(136, 146), r.randint(24, 34), _date(r), _date(r)),
        lambda: "/erddap/tabledap/%s.csv?time,latitude,longitude,%s&time>=%sT00:00:00Z&station=\"%s\"&orderBy(\"time\")" % (
            r.choice(["jma_tide", "buoy_obs"]), r.choice(["sea_level", "wave_height"]), _date(r), r.choice(["KOBE", "OSAKA", "TOKYO-1"])),
        lambda: "/v1.1/Datastreams(%d)/Observations?$filter=%s&$orderby=phenomenonTime desc&$top=%d&$select=result,phenomenonTime" % (
            r.randint(1, 999), Q(r.choice(["phenomenonTime ge 2024-03-01T00:00:00Z", "result gt 30 and result lt 40", "substringof('PM2.5', name)"])), r.choice([100, 1000])),
        lambda: "/points/%.4f,%.4f/forecast/hourly?units=%s" % (34 + r.random(), 135 + r.random(), r.choice(["si", "us"])),
        lambda: "/api/v1/stations?bbox=%d,%d,%d,%d&elements=%s&start=%s&end=%s" % (r.randint(128, 134), r.randint(30, 35), r.randint(135, 146), r.randint(36, 45), Q("TAVG,PRCP|SNWD"), _date(r), _date(r)),
    ])()


def campus(r):
    return r.choice([
        lambda: "/mod/forum/discuss.php?d=%d&parent=%d#p%d" % (r.randint(1, 9999), r.randint(1, 99999), r.randint(1, 99999)),
        lambda: "/mod/quiz/attempt.php?attempt=%d&cmid=%d&page=%d" % (r.randint(1, 10**6), r.randint(1, 9999), r.randint(0, 9)),
        lambda: "/course/search.php?search=%s&areaids=core_course-course" % QP(r.choice(["Database systems (SQL)", "Operating systems: processes & threads", "情報セキュリティ", "C/C++ programming", "Unix shell 101"])),
        lambda: "/pluginfile.php/%d/mod_resource/content/%d/%s" % (r.randint(1, 99999), r.randint(1, 9), Q(r.choice(["lecture 03 - SELECT, JOIN.pdf", "hw2_shell&pipes.zip", "syllabus(2024).docx"]))),
        lambda: "/catalog/courses?dept=%s&level=%s&term=%s&q=%s" % (r.choice(["CS", "EE", "MED"]), r.choice(["100", "200-300", "grad"]), r.choice(["2024S", "2024F"]), QP(r.choice(["drop deadline", "union catalog", "intro to bash"]))),
        lambda: "/discovery/search?query=%s&tab=Everything&search_scope=MyInst_and_CI&vid=%s&offset=0" % (
            Q(r.choice(["any,contains,select committee report", "title,exact,The C Programming Language,AND", "creator,contains,O'Reilly,AND"])), Q("81KOB_INST:Services")),
    ])()


KINDS = [(fhir, 30), (dicom, 10), (ehr, 14), (literature, 14), (data, 14), (campus, 18)]

UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Trident/7.0; rv:11.0) like Gecko",
    "HAPI-FHIR-Client/6.10.0 (FHIR Client; FHIR 4.0.1/R4; apache)", "SMART-on-FHIR/2.5 (iPad; iPadOS 17.3)",
    "OHIF-Viewer/3.7.0", "dcm4che/5.31.2", "Python/3.11 aiohttp/3.9.3", "R (4.3.2 x86_64-pc-linux-gnu x86_64 linux-gnu)",
    "Biopython/1.83", "netCDF-C/4.9.2", "Wget/1.21.3", "MoodleMobile 4.3.0 (40300)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
]
REFERRERS = ["-", "-", "https://ehr.hospital.example.jp/ehr/home", "https://lms.univ.example.ac.jp/my/",
             "https://pubmed.ncbi.nlm.nih.gov/?term=brca1", "https://www.google.com/"]


def _method(rng, kind, uri):
    return "POST" if uri.endswith("attempt.php") and rng.random() < 0.3 else "GET"


def generate(count, seed=20261205):
    """Returns count requests as (method, uri, version, user_agent, referrer)."""
    return request_lines(count, seed, KINDS, UAS, REFERRERS, ["HTTP/1.1", "HTTP/2.0"], _method)


if __name__ == "__main__":
    for m, u, v, a, ref in generate(30):
        print(m, u[:170], a[:20])
