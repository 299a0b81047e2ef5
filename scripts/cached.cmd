@echo off
rem Windows launcher for cached, the counterpart of the bash launcher scripts/cached.
rem Runs client\cli\target\cached.jar with the given arguments ("cached daemon",
rem "cached status", ...), building it first with Maven when it is missing, and, before a
rem daemon starts, when a main source, a pom or scripts\daemon.jvmopts is newer than it
rem (scripts\jar-stale.ps1 decides; short commands skip that check, which costs a PowerShell start).
rem The daemon gets the JVM options in scripts\daemon.jvmopts, the one file that scripts/cached
rem and the jar (autostart, "cached start") read too, and its class-data archive when one is
rem beside the jar (the JVM ignores one that does not fit). Every command gets %CACHED_JAVA_OPTS%.
rem Uses %JAVA_HOME%\bin\java.exe when JAVA_HOME is set, else java from PATH.
setlocal
for %%I in ("%~dp0..") do set "CACHED_HOME=%%~fI"
set "CACHED_TARGET=%CACHED_HOME%\client\cli\target"
set "CACHED_JAR=%CACHED_TARGET%\cached.jar"
set "CACHED_JAVA=java"
if defined JAVA_HOME set "CACHED_JAVA=%JAVA_HOME%\bin\java.exe"
set CACHED_JVM=

if not exist "%CACHED_JAR%" goto build
if /i not "%~1"=="daemon" goto run
rem exit 0: stale; anything else (fresh, or no PowerShell) runs the jar there is
powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "%~dp0jar-stale.ps1" "%CACHED_HOME%" >nul 2>nul
if errorlevel 1 goto run

:build
where mvn >nul 2>nul && goto build_now
if exist "%CACHED_JAR%" goto stale_no_maven
goto no_maven

:stale_no_maven
echo cached: "%CACHED_JAR%" is older than its sources and mvn is not on PATH to rebuild it; running it as it is 1>&2
goto run

:build_now
echo cached: building "%CACHED_JAR%" with: mvn -B -q -DskipTests package 1>&2
pushd "%CACHED_HOME%" || exit /b 1
call mvn -B -q -DskipTests package
set "CACHED_BUILD_RC=%ERRORLEVEL%"
popd
if not "%CACHED_BUILD_RC%"=="0" goto build_failed
if not exist "%CACHED_JAR%" goto no_jar
rem an unchanged jar keeps its old time: mark it current, as scripts/cached does with touch
pushd "%CACHED_TARGET%" || exit /b 1
copy /b cached.jar +,, >nul
popd

:run
if /i not "%~1"=="daemon" goto exec
set CACHED_JVM=@"%CACHED_HOME%\scripts\daemon.jvmopts"
if exist "%CACHED_TARGET%\cached-daemon.jsa" set CACHED_JVM=%CACHED_JVM% -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off -XX:SharedArchiveFile="%CACHED_TARGET%\cached-daemon.jsa"

:exec
"%CACHED_JAVA%" %CACHED_JVM% %CACHED_JAVA_OPTS% -jar "%CACHED_JAR%" %*
exit /b %ERRORLEVEL%

:no_maven
echo cached: "%CACHED_JAR%" is missing and mvn is not on PATH to build it 1>&2
exit /b 1

:build_failed
echo cached: the build failed (mvn exit code %CACHED_BUILD_RC%) 1>&2
exit /b %CACHED_BUILD_RC%

:no_jar
echo cached: the build finished but "%CACHED_JAR%" is still missing 1>&2
exit /b 1
