#!/usr/bin/env python3
"""Validates every object of STIX 2.1 bundles against the OASIS JSON schemas.

usage: stix_validate.py SCHEMAS_DIR BUNDLE.json...
Exit 0 when all objects validate, 1 when one does not (its errors are printed),
77 when the schemas or the jsonschema module are not available (a skip).
"""
import json
import os
import sys
import warnings

def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    schemas_dir = sys.argv[1]
    try:
        import jsonschema
    except ImportError:
        print("skip: python3 jsonschema is not installed", file=sys.stderr)
        return 77
    if not os.path.isdir(schemas_dir):
        print("skip: no STIX schemas at " + schemas_dir, file=sys.stderr)
        return 77
    store = {}
    by_name = {}
    for root, _, files in os.walk(schemas_dir):
        for name in files:
            if name.endswith(".json"):
                with open(os.path.join(root, name)) as f:
                    schema = json.load(f)
                store[schema["$id"]] = schema
                by_name[os.path.relpath(os.path.join(root, name), schemas_dir)] = schema
    warnings.simplefilter("ignore", DeprecationWarning)
    try:  # jsonschema >= 4.18 resolves $ref through a registry
        from referencing import Registry, Resource
        registry = Registry().with_resources([(k, Resource.from_contents(v)) for k, v in store.items()])
        make = lambda schema: jsonschema.Draft202012Validator(schema, registry=registry)
    except ImportError:  # older releases (Debian 12 ships 4.10) use RefResolver
        make = lambda schema: jsonschema.Draft202012Validator(
            schema, resolver=jsonschema.RefResolver(schema["$id"], schema, store=store))
    # bundle.json lists the object types a bundle may hold, but not all of STIX 2.1
    # (note, incident, grouping, location, opinion are missing, as infrastructure and
    # malware-analysis once were: cti-stix2-json-schemas issues 133 and 147), and its
    # catch-all for custom objects matches those twice. Every object is checked against
    # its own type's schema; the bundle container is checked over the types it lists.
    listed = set()
    for ref in json.dumps(by_name[os.path.join("common", "bundle.json")]).split('"'):
        if ref.endswith(".json") and ("/sdos/" in ref or "/sros/" in ref or "/observables/" in ref
                                      or ref.endswith("marking-definition.json") or ref.endswith("language-content.json")):
            listed.add(os.path.basename(ref)[:-5])
    failures = 0
    checked = 0
    for path in sys.argv[2:]:
        with open(path) as f:
            doc = json.load(f)
        bundles = doc if isinstance(doc, list) else [doc]
        for bundle in bundles:
            container = dict(bundle)
            container["objects"] = [o for o in bundle.get("objects", []) if o.get("type") in listed]
            for obj in [container] + bundle.get("objects", []):
                t = obj["type"]
                schema = None
                for folder in ("common", "sdos", "sros", "observables"):
                    schema = by_name.get(os.path.join(folder, t + ".json"))
                    if schema:
                        break
                if schema is None:
                    print("%s: %s: no schema for type %s" % (path, obj.get("id"), t))
                    failures += 1
                    continue
                validator = make(schema)
                errors = sorted(validator.iter_errors(obj), key=lambda e: list(e.path))
                checked += 1
                for e in errors:
                    print("%s: %s: %s at %s" % (path, obj.get("id"), e.message, "/".join(map(str, e.path))))
                    failures += 1
    print("%d objects checked, %d errors" % (checked, failures))
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
