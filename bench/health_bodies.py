#!/usr/bin/env python3
"""A seventh set of generated everyday request bodies: what a hospital's systems and a
university's post. Written (2026-12-04, twelfth session) before fukurou ran on it, to be
measured on it once as held out.

Its sources:

  - HL7 FHIR R4: resources created and updated (Patient with Japanese and English
    names, Observation with LOINC codes, units and a narrative in XHTML, MedicationRequest
    with dosage text, Condition, AllergyIntolerance), transaction Bundles, Parameters to
    operations ($validate, $expand);
  - HL7 version 2 messages posted to an interface engine's HTTP listener (ADT and ORU,
    segments separated by carriage returns, fields by '|', components by '^', with the
    encoding characters ^~\\& in MSH);
  - an electronic health record's forms: clinical notes in the shorthand clinicians
    write (BP 120/80; r/o MI; pt c/o SOB & CP -> ECG; Rx: ASA 81 mg qd x 30d), orders,
    discharge summaries;
  - a laboratory analyser's results posted as CSV;
  - REDCap's API (a token, content=record, data as JSON);
  - a university's learning platform: quiz answers of a databases course and of a Unix
    course (what the questions ask students to write), forum posts, assignment text.

Nothing in it is an attack. Usage: bench/crs_eval.py ... --body-generator health_bodies."""
import json

from gen_common import body_lines

UAS = ["HAPI-FHIR-Client/6.10.0 (FHIR Client; FHIR 4.0.1/R4; apache)", "Mirth Connect/4.4.2",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Trident/7.0; rv:11.0) like Gecko", "python-requests/2.31.0",
       "LabLink/2.1 (Sysmex XN-1000 gateway)", "MoodleMobile 4.3.0 (40300)", "REDCap-API-Client/1.0 R"]

FAMILY = [("Yamada", "山田"), ("Sato", "佐藤"), ("O'Brien", "オブライエン"), ("Suzuki", "鈴木")]
GIVEN = [("Taro", "太郎"), ("Hanako", "花子"), ("Sean", "ショーン")]


def _id(r):
    return "%08x-%04x-4%03x-a%03x-%012x" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(12), r.getrandbits(12), r.getrandbits(48))


def _patient(r):
    (fe, fj), (ge, gj) = r.choice(FAMILY), r.choice(GIVEN)
    return {"resourceType": "Patient", "identifier": [{"system": "urn:oid:1.2.392.100495.20.3.51.12801", "value": "%08d" % r.randint(0, 10**8)}],
            "name": [{"use": "official", "family": fe, "given": [ge]}, {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation", "valueCode": "IDE"}], "family": fj, "given": [gj]}],
            "gender": r.choice(["male", "female"]), "birthDate": "19%02d-%02d-%02d" % (r.randint(30, 99), r.randint(1, 12), r.randint(1, 28)),
            "address": [{"text": r.choice(["兵庫県神戸市中央区港島南町2-1-1", "1-2-3 Shiba, Minato-ku, Apt #5", "c/o O'Neill, 4F & 5F"]), "postalCode": "650-0047"}],
            "telecom": [{"system": "phone", "value": "078-%03d-%04d" % (r.randint(100, 999), r.randint(0, 9999))}]}


def _observation(r):
    code, name, unit, lo, hi = r.choice([("2339-0", "Glucose [Mass/volume] in Blood", "mg/dL", 70, 200), ("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", 9, 17),
                                        ("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", 4, 10)])
    value = round(r.uniform(lo, hi), 1)
    return {"resourceType": "Observation", "status": "final", "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": code, "display": name}]}, "subject": {"reference": "Patient/%d" % r.randint(1, 10**6)},
            "effectiveDateTime": "2024-03-%02dT09:%02d:00+09:00" % (r.randint(1, 28), r.randint(0, 59)),
            "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit},
            "interpretation": [{"coding": [{"code": r.choice(["H", "L", "N"])}]}],
            "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p><b>%s</b>: %s %s (ref. &lt; %d)</p></div>" % (name, value, unit, hi)}}


def _medication(r):
    return {"resourceType": "MedicationRequest", "status": "active", "intent": "order",
            "medicationCodeableConcept": {"coding": [{"system": "urn:oid:1.2.392.100495.20.2.74", "code": "%d" % r.randint(10**8, 10**9)}], "text": r.choice(["Amlodipine 5 mg tab", "ロキソプロフェンNa錠60mg", "Insulin glargine (U-100) 3 mL"])},
            "dosageInstruction": [{"text": r.choice(["1 tab PO qd x 30d", "1回1錠 1日3回 毎食後", "10 units SC at bedtime; hold if BG < 80"]),
                                   "timing": {"repeat": {"frequency": r.choice([1, 3]), "period": 1, "periodUnit": "d"}}}]}


def fhir(r):
    return r.choice([
        lambda: ("/fhir/Patient", "json", _patient(r)),
        lambda: ("/fhir/Observation", "json", _observation(r)),
        lambda: ("/fhir/MedicationRequest", "json", _medication(r)),
        lambda: ("/fhir", "json", {"resourceType": "Bundle", "type": "transaction", "entry": [
            {"fullUrl": "urn:uuid:" + _id(r), "resource": _patient(r), "request": {"method": "POST", "url": "Patient", "ifNoneExist": "identifier=urn:oid:1.2.392.100495.20.3.51.12801|%08d" % r.randint(0, 10**8)}},
            {"fullUrl": "urn:uuid:" + _id(r), "resource": _observation(r), "request": {"method": "POST", "url": "Observation"}}]}),
        lambda: ("/fhir/Condition/%d" % r.randint(1, 10**6), "json", {"resourceType": "Condition", "clinicalStatus": {"coding": [{"code": "active"}]},
                                                                      "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10", "code": r.choice(["I10", "E11.9", "J45.909"])}], "text": r.choice(["Essential (primary) hypertension", "Type 2 DM w/o complications", "Asthma, unspecified"])},
                                                                      "note": [{"text": r.choice(["Dx confirmed 2019; f/u q3mo", "pt reports SOB on exertion > 2 flights", "see ECHO 2023-11-02: EF 55%"])}]}),
        lambda: ("/fhir/ValueSet/$expand", "json", {"resourceType": "Parameters", "parameter": [{"name": "url", "valueUri": "http://hl7.org/fhir/ValueSet/condition-code"}, {"name": "filter", "valueString": r.choice(["diab", "hyperten"])}]}),
    ])()


def hl7v2(r):
    (fe, _), (ge, _) = r.choice(FAMILY), r.choice(GIVEN)
    stamp = "2024%02d%02d%02d%02d" % (r.randint(1, 12), r.randint(1, 28), r.randint(0, 23), r.randint(0, 59))
    msh = "MSH|^~\\&|HIS|KOBEHOSP|LIS|LAB|%s||%s|%d|P|2.5" % (stamp, r.choice(["ADT^A01^ADT_A01", "ORU^R01^ORU_R01", "ADT^A08"]), r.randint(10**5, 10**6))
    pid = "PID|1||%08d^^^KOBEHOSP^MR||%s^%s^^^^^L||19%02d0%d0%d|%s|||%s^^Kobe^Hyogo^650-0047^JPN" % (
        r.randint(0, 10**8), fe.upper(), ge.upper(), r.randint(30, 99), r.randint(1, 9), r.randint(1, 9), r.choice(["M", "F"]), r.choice(["2-1-1 Minatojima", "1-2-3 Shiba #5"]))
    body = [msh, pid, "PV1|1|I|4W^401^1^KOBEHOSP||||%d^%s^Ichiro" % (r.randint(1000, 9999), r.choice(FAMILY)[0].upper())]
    if "ORU" in msh:
        body += ["OBR|1|%d|%d|CBC^Complete blood count^L" % (r.randint(1, 10**6), r.randint(1, 10**6)),
                 "OBX|1|NM|718-7^Hemoglobin^LN||%.1f|g/dL|13.5-17.5|%s|||F" % (r.uniform(9, 17), r.choice(["L", "N", "H"])),
                 "OBX|2|ST|x^Comment^L||Specimen hemolyzed; repeat if K+ > 5.5||||||F"]
    return ("/api/hl7/inbound", "raw", "\r".join(body) + "\r")


NOTES = ["S: pt c/o SOB & CP x 2d, worse on exertion. O: BP 142/90, HR 96, SpO2 94% RA. A: r/o ACS. P: ECG, trop q6h, ASA 162 mg chewed.",
         "Rx: amlodipine 5 mg PO qd; d/c HCTZ (Na 129). F/U 2 wks. Labs: BMP, Mg.",
         "Wound care: clean w/ NS, apply dressing; change q12h & prn. Pain 3/10 -> 1/10 after APAP 500 mg.",
         "退院時要約：肺炎にて入院。抗菌薬投与後、症状改善。外来でフォロー予定。",
         "Allergy: PCN (rash), sulfa (?); NKFA. Hx: DM2 (A1c 7.9%), HTN, s/p CABG 2015.",
         "Plan: NPO after midnight; consent signed; hold metformin 48h post-contrast (eGFR < 45)."]


def ehr(r):
    return r.choice([
        lambda: ("/ehr/notes/save", "form", [("mrn", "%08d" % r.randint(0, 10**8)), ("type", r.choice(["progress", "discharge", "nursing"])),
                                             ("note", r.choice(NOTES)), ("signed_by", "%s MD" % r.choice(FAMILY)[0]), ("csrf", "%032x" % r.getrandbits(128))]),
        lambda: ("/ehr/orders", "json", {"mrn": "%08d" % r.randint(0, 10**8), "orders": [{"code": r.choice(["CBC", "BMP", "CXR-PA/LAT", "CT-HEAD-WO"]), "priority": r.choice(["routine", "STAT"]),
                                                                                     "comment": r.choice(["r/o PNA", "K+ check after IV KCl", "pt on warfarin; INR > 3?", ""])}]}),
        lambda: ("/lab/results/upload", "raw", "sample_id,analyte,value,unit,flag\n" + "\n".join(
            "%d,%s,%.1f,%s,%s" % (r.randint(10**6, 10**7), a, r.uniform(1, 200), u, r.choice(["", "H", "L", "*"])) for a, u in r.sample([("WBC", "10^3/uL"), ("HGB", "g/dL"), ("PLT", "10^3/uL"), ("K", "mmol/L"), ("CRP", "mg/dL")], 3)) + "\n"),
        lambda: ("/redcap/api/", "form", [("token", "%032X" % r.getrandbits(128)), ("content", "record"), ("format", "json"), ("type", "flat"),
                                          ("data", json.dumps([{"record_id": str(r.randint(1, 999)), "visit_date": "2024-03-%02d" % r.randint(1, 28), "sbp": str(r.randint(100, 160)), "comments": r.choice(["missed dose x1", "AE: mild headache (grade 1)", "n/a"])}])),
                                          ("overwriteBehavior", "normal"), ("returnContent", "count")]),
    ])()


ANSWERS_SQL = ["SELECT name, grade FROM students WHERE grade >= 80 ORDER BY grade DESC;",
               "SELECT d.name, COUNT(*) FROM employees e JOIN departments d ON e.dept_id = d.id GROUP BY d.name HAVING COUNT(*) > 5;",
               "UPDATE accounts SET balance = balance - 100 WHERE id = 1;",
               "DELETE FROM enrolments WHERE course_id = 'CS101' AND year < 2020;",
               "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL, author TEXT);"]
ANSWERS_SH = ["ls -la /home/student | grep '.txt'", "cat access.log | cut -d' ' -f1 | sort | uniq -c | sort -rn | head",
              "find . -name '*.c' -exec wc -l {} +", "chmod 700 ~/private && ls -ld ~/private", "ps aux | grep python | awk '{print $2}'"]
FORUM = ["Is question 3 asking for an INNER JOIN or a LEFT JOIN?", "My script says 'permission denied' when I run ./run.sh - do I need chmod +x?",
         "レポートの提出期限は金曜日の17時までです。", "Can we use `sudo` on the lab machines?", "Thanks! The drop/add deadline is Friday."]


def campus(r):
    return r.choice([
        lambda: ("/mod/quiz/processattempt.php", "form", [("attempt", str(r.randint(1, 10**6))), ("thispage", "0"), ("nextpage", "-1"), ("timeup", "0"),
                                                          ("sesskey", "%010x" % r.getrandbits(40)), ("slots", "1"),
                                                          ("q%d:1_answer" % r.randint(1, 99999), r.choice(ANSWERS_SQL + ANSWERS_SH)), ("q%d:1_:sequencecheck" % r.randint(1, 99999), "1")]),
        lambda: ("/mod/forum/post.php", "form", [("subject", "Re: " + r.choice(["Quiz 3", "Lab 2", "課題について"])), ("message[text]", "<p>%s</p>" % r.choice(FORUM)),
                                                 ("message[format]", "1"), ("reply", str(r.randint(1, 99999))), ("sesskey", "%010x" % r.getrandbits(40)), ("_qf__mod_forum_post_form", "1")]),
        lambda: ("/mod/assign/view.php", "form", [("id", str(r.randint(1, 9999))), ("action", "savesubmission"), ("sesskey", "%010x" % r.getrandbits(40)),
                                                  ("onlinetext_editor[text]", "<p>My answer:</p><pre>%s</pre><p>It lists the files by size.</p>" % r.choice(ANSWERS_SH)),
                                                  ("onlinetext_editor[format]", "1")]),
    ])()


KINDS = [(0.35, fhir), (0.50, hl7v2), (0.75, ehr), (1.01, campus)]


def generate(n, seed=20261205):
    """n JSON log lines of everyday requests with bodies, from the sources above."""
    return body_lines(n, seed, KINDS, UAS)


if __name__ == "__main__":
    for line in generate(8):
        print(line[:300])
