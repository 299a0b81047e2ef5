@echo off
rem Windows launcher for cached, the counterpart of the bash launcher scripts/cached.
rem Runs client\cli\target\cached.jar with the given arguments ("cached daemon",
rem "cached status", ...), building it first with Maven when it is missing.
rem Uses %JAVA_HOME%\bin\java.exe when JAVA_HOME is set, else java from PATH.
setlocal
for %%I in ("%~dp0..") do set "CACHED_HOME=%%~fI"
set "CACHED_JAR=%CACHED_HOME%\client\cli\target\cached.jar"
set "CACHED_JAVA=java"
if defined JAVA_HOME set "CACHED_JAVA=%JAVA_HOME%\bin\java.exe"

if exist "%CACHED_JAR%" goto run
where mvn >nul 2>nul || goto no_maven
echo cached: building "%CACHED_JAR%" with: mvn -B -q -DskipTests package 1>&2
pushd "%CACHED_HOME%" || exit /b 1
call mvn -B -q -DskipTests package
set "CACHED_BUILD_RC=%ERRORLEVEL%"
popd
if not "%CACHED_BUILD_RC%"=="0" goto build_failed
if not exist "%CACHED_JAR%" goto no_jar

:run
"%CACHED_JAVA%" -jar "%CACHED_JAR%" %*
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
