#!/usr/bin/env python3
"""MAS from Python, standard library only: sign in, list current admissions over REST,
read a patient and their encounters over FHIR R4.

    MAS_URL=http://127.0.0.1:4000 MAS_USERNAME=admin MAS_PASSWORD=... python3 packages/api/scripts/example.py
"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

URL = os.environ.get("MAS_URL", "http://127.0.0.1:4000").rstrip("/")
USERNAME = os.environ.get("MAS_USERNAME", "admin")
PASSWORD = os.environ.get("MAS_PASSWORD")


def call(method, path, token=None, body=None, accept="application/json"):
    """One HTTP call; returns the decoded JSON answer or exits with the server's message."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(URL + path, data=data, method=method)
    request.add_header("Accept", accept)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        sys.exit(f"{method} {path} failed: {error.code} {error.read().decode()[:300]}")


def main():
    if not PASSWORD:
        sys.exit("Set MAS_PASSWORD")
    # REST: sign in for a bearer token (the same session the web app would get).
    login = call("POST", "/api/v1/auth/login", body={"username": USERNAME, "password": PASSWORD, "mode": "token"})
    token = login["token"]
    print(f"signed in as {login['user']['username']} ({login['user']['roleName']})")

    # REST: the current admissions, newest first.
    query = urllib.parse.urlencode({"status": "active", "perPage": 5, "sort[field]": "admittedAt", "sort[direction]": "desc"})
    page = call("GET", "/api/v1/admissions?" + query, token)
    print(f"{page['total']} current admissions")
    for admission in page["items"]:
        print(f"  {admission['patientName']} in {admission['roomName']} bed {admission['bed']} since {admission['admittedAt'][:10]}")

    # FHIR R4: the first admitted patient, and their encounters with locations and diagnoses.
    if not page["items"]:
        print("no current admission to read over FHIR")
        return
    patient_id = page["items"][0]["patientId"]
    patient = call("GET", f"/fhir/R4/Patient/{patient_id}", token, accept="application/fhir+json")
    name = patient["name"][0]
    print(f"FHIR Patient/{patient['id']}: {' '.join(name.get('given', []))} {name.get('family', '')}, born {patient['birthDate']}")
    bundle = call("GET", f"/fhir/R4/Encounter?patient=Patient/{patient_id}", token, accept="application/fhir+json")
    print(f"FHIR Encounter search: {bundle['total']} encounter(s)")
    for entry in bundle.get("entry", []):
        encounter = entry["resource"]
        beds = ", ".join(location["location"].get("display", location["location"]["reference"]) for location in encounter.get("location", []))
        reasons = ", ".join(reason.get("display", reason["reference"]) for reason in encounter.get("reasonReference", []))
        print(f"  Encounter/{encounter['id']} {encounter['status']}: {beds}; diagnoses: {reasons}")

    call("POST", "/api/v1/auth/logout", token)
    print("signed out")


if __name__ == "__main__":
    main()
