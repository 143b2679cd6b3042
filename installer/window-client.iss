; Inno Setup 6 script of the Windows setup of the window client. It is built on Windows
; (see installer/README.md): `python installer\build.py` makes the PyInstaller build in
; dist\window-client\ from installer\window_client.spec and then runs ISCC on this file;
; the setup lands in dist\window-client-<version>-setup.exe.
;
; User data is NOT in the install folder: the app keeps its database, scans, settings
; and logs in platformdirs' folder for APP_AUTHOR/APP_NAME (window_client/settings.py),
; on Windows %LOCALAPPDATA%\ganzhou-zwfw\window-client (config, data and Logs alike).
; The uninstaller keeps it unless the user answers Yes to the question in [Code].
;
; The machine's folder, every Windows account's: {commonappdata}\ganzhou-zwfw\window-client
; (platformdirs' site_config_dir = site_data_dir) holds the hall profile hall.json
; (hall name, window code, platform address …: README "For hall IT") and numbers\,
; where every account counts the provisional numbers (Users: modify). A first install
; asks for the hall's values on one page (or takes /HALLNAME= /WINDOW= /PLATFORM= on
; the command line of a silent install) and writes the profile with the app itself
; (cli hall set: validated as the app reads it). An existing hall.json is left as it is.

#define AppName "一件事一次办综合窗口"
#define AppExe "window-client.exe"
#define BuildDir AddBackslash(SourcePath) + "..\dist\window-client"
#ifndef AppVersion
  ; the version the build carries (installer\window_client.spec writes it into the exe)
  #define AppVersion GetStringFileInfo(BuildDir + "\" + AppExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error No version: build dist\window-client first, or pass /DAppVersion=X.Y.Z to ISCC
#endif

[Setup]
AppId={{5B0C2F6E-8E3A-4C1D-9A57-3E0F1D2B7C41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=赣州市政务服务
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\WindowClient
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=window-client-{#AppVersion}-setup
SetupIconFile=..\build\icon\window-client.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
; {localappdata} below is the uninstalling user's: on purpose (see [Code])
UsedUserAreasWarning=no

[Languages]
; The installer speaks Chinese only (hall IT and clerks install it): Inno Setup's
; ChineseSimplified messages, from the compiler's official languages (newer
; releases), its Unofficial folder, or a copy beside this script (installer/README.md
; says where to get it). Without one the build stops: never an English installer.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(CompilerPath + "Languages\Unofficial\ChineseSimplified.isl")
Name: "chs"; MessagesFile: "compiler:Languages\Unofficial\ChineseSimplified.isl"
#elif FileExists(SourcePath + "ChineseSimplified.isl")
Name: "chs"; MessagesFile: "{#SourcePath}ChineseSimplified.isl"
#else
#error ChineseSimplified.isl not found: put it in the Inno Setup Languages folder or beside window-client.iss (see installer/README.md)
#endif

[CustomMessages]
DesktopIcon=在桌面创建快捷方式
IconsGroup=快捷方式:
SelfCheck=综合窗口自检
SetPassphrase=设置数据恢复口令
RemoveDataQuestion=是否同时删除本机当前用户的综合窗口数据?%n%n%1%n%n其中有本地数据库(草稿、尚未同步到平台的办件)、扫描的材料、设置和日志。尚未同步的办件删除后无法恢复。%n%n选择“否”保留这些数据,重新安装后可继续使用。

HallTitle=大厅配置
HallDescription=本机所有系统账户共用的大厅设置(保存在 hall.json)
HallNote=填写本大厅的名称、本机的窗口编码和一窗式平台地址;留空的项使用默认值,安装后可由IT修改 hall.json。
HallName=大厅名称:
HallWindow=本机窗口编码(如 W02):
HallPlatform=一窗式平台地址(https://…):
HallFailed=未能写入大厅配置 %1(错误代码 %2)。请安装后在“综合窗口自检”中查看原因,或由IT修改该文件。

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:IconsGroup}"

[Dirs]
Name: "{commonappdata}\ganzhou-zwfw\window-client"; Flags: uninsneveruninstall
Name: "{commonappdata}\ganzhou-zwfw\window-client\numbers"; Permissions: users-modify; Flags: uninsneveruninstall

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autoprograms}\{cm:SelfCheck}"; Filename: "{cmd}"; Parameters: "/k ""{app}\window-client-console.exe"" --self-check"; WorkingDir: "{app}"; IconFilename: "{app}\{#AppExe}"
Name: "{autoprograms}\{cm:SetPassphrase}"; Filename: "{cmd}"; Parameters: "/k ""{app}\window-client-console.exe"" cli security init"; WorkingDir: "{app}"; IconFilename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
; the data key's recovery passphrase, set by IT as the clerk's Windows account (the
; key goes to that account's Credential Manager); skipped: the first start asks
Filename: "{cmd}"; Parameters: "/k ""{app}\window-client-console.exe"" cli security init"; Description: "{cm:SetPassphrase}"; Flags: postinstall skipifsilent runasoriginaluser
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
Type: dirifempty; Name: "{app}"

[Code]
var
  HallPage: TInputQueryWizardPage;

function HallProfile(): String;
begin
  Result := ExpandConstant('{commonappdata}\ganzhou-zwfw\window-client\hall.json');
end;

procedure InitializeWizard();
begin
  HallPage := CreateInputQueryPage(wpSelectTasks, CustomMessage('HallTitle'),
    CustomMessage('HallDescription'), CustomMessage('HallNote'));
  HallPage.Add(CustomMessage('HallName'), False);
  HallPage.Add(CustomMessage('HallWindow'), False);
  HallPage.Add(CustomMessage('HallPlatform'), False);
  HallPage.Values[0] := ExpandConstant('{param:HALLNAME|}');
  HallPage.Values[1] := ExpandConstant('{param:WINDOW|}');
  HallPage.Values[2] := ExpandConstant('{param:PLATFORM|}');
end;

function ShouldSkipPage(PageID: Integer): Boolean;
begin
  Result := (PageID = HallPage.ID) and FileExists(HallProfile());
end;

function HallPair(Key, Value: String): String;
begin
  Value := Trim(Value);
  StringChangeEx(Value, '"', '', True);
  if Value = '' then
    Result := ''
  else
    Result := ' "' + Key + '=' + Value + '"';
end;

{ the profile through the app itself: `cli hall set` validates every value as the
  app reads it and writes nothing when one is refused }
procedure WriteHallProfile();
var
  Params: String;
  Code: Integer;
begin
  if FileExists(HallProfile()) then
    Exit;
  Params := HallPair('hall_name', HallPage.Values[0]) + HallPair('window_code', HallPage.Values[1])
    + HallPair('platform_url', HallPage.Values[2]);
  if Params = '' then
    Exit;
  if not Exec(ExpandConstant('{app}\window-client-console.exe'), 'cli hall set' + Params, '',
              SW_HIDE, ewWaitUntilTerminated, Code) or (Code <> 0) then
    SuppressibleMsgBox(FmtMessage(CustomMessage('HallFailed'), [HallProfile(), IntToStr(Code)]),
                       mbError, MB_OK, IDOK);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    WriteHallProfile();
end;

{ Uninstall keeps the user's data unless the user asks for it to go. Silent
  uninstalls (IT scripts, upgrades) always keep it. Only the uninstalling user's
  folder is touched: other Windows accounts on this PC keep theirs. The refresh
  token in Windows Credential Manager (service "window-client") is left alone too. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir, Question: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  DataDir := ExpandConstant('{localappdata}\ganzhou-zwfw\window-client');
  if UninstallSilent() or not DirExists(DataDir) then
    Exit;
  Question := FmtMessage(CustomMessage('RemoveDataQuestion'), [DataDir]);
  StringChangeEx(Question, '%n', #13#10, True);
  { default button: No — keeping the data is the safe answer }
  if MsgBox(Question, mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
  begin
    DelTree(DataDir, True, True, True);
    { the vendor folder, only when nothing else of ours is left in it }
    RemoveDir(ExpandConstant('{localappdata}\ganzhou-zwfw'));
  end;
end;
