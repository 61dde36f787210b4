; Inno Setup script for Kantor on Windows. Build dist\Kantor with PyInstaller
; first (installers\kantor.spec), then: iscc installers\kantor.iss
#define AppName "Kantor"
#define AppVersion "0.1.0"

[Setup]
AppId={{6F1B0C52-8C1E-4F3A-9B7D-4B2A5E0C9A11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=BPJS Ketenagakerjaan Kantor Cabang
DefaultDirName={autopf}\Kantor
DefaultGroupName=Kantor
OutputBaseFilename=Kantor-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
PrivilegesRequiredOverridesAllowed=dialog

[Languages]
Name: "indonesian"; MessagesFile: "compiler:Languages\Indonesian.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\dist\Kantor\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs

[Icons]
Name: "{group}\Kantor"; Filename: "{app}\Kantor.exe"
Name: "{group}\Kantor (cabang demo)"; Filename: "{app}\Kantor.exe"; Parameters: "--demo"
Name: "{autodesktop}\Kantor"; Filename: "{app}\Kantor.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Buat ikon di desktop"; Flags: unchecked
