# What `cmake --install` puts where, for a host without Kubernetes:
#   bin/                          fairweather-monitor, fairweather-gate
#   lib/systemd/system/           fairweather-monitor.service (paths filled in)
#   <sysconfdir>/fairweather/     fairweather.toml (only when there is none yet)
#   share/fairweather/examples/   the example configs
#   share/fairweather/alerts/     the Prometheus alert rules
#   share/fairweather/dashboards/ the Grafana dashboard
#   share/fairweather/gitlab/     the GitLab CI job template
#   share/doc/fairweather/        README and runbook
# <sysconfdir> is /etc for the prefix /usr, else <prefix>/etc.
# Two components, one per Debian package (cmake/Package.cmake): `gate` (the
# gate and the GitLab template) and `monitor` (everything else).
include(GNUInstallDirs)

install(TARGETS fairweather-gate RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT gate)
install(FILES ${CMAKE_SOURCE_DIR}/gate/gitlab/fairweather-gate.gitlab-ci.yml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fairweather/gitlab COMPONENT gate)
install(TARGETS fairweather-monitor RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT monitor)

file(GLOB fairweather_example_configs ${CMAKE_SOURCE_DIR}/config/examples/*.toml)
install(FILES ${fairweather_example_configs}
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fairweather/examples COMPONENT monitor)
install(FILES ${CMAKE_SOURCE_DIR}/charts/fairweather/files/fairweather-rules.yml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fairweather/alerts COMPONENT monitor)
install(FILES ${CMAKE_SOURCE_DIR}/charts/fairweather/dashboards/fairweather.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fairweather/dashboards COMPONENT monitor)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/docs/runbook.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT monitor)

# The unit and the default config are written at install time, so that the
# paths in the unit follow `cmake --install --prefix` rather than the prefix
# the build was configured with. The config is never overwritten: it is the
# operator's.
set(FAIRWEATHER_SOURCE ${CMAKE_SOURCE_DIR})
string(CONFIGURE [[
  set(root "$ENV{DESTDIR}")
  if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    set(FAIRWEATHER_SYSCONFDIR "/etc")
  else()
    set(FAIRWEATHER_SYSCONFDIR "${CMAKE_INSTALL_PREFIX}/etc")
  endif()
  set(FAIRWEATHER_BINDIR "${CMAKE_INSTALL_PREFIX}/bin")
  set(FAIRWEATHER_DOCDIR "${CMAKE_INSTALL_PREFIX}/share/doc/fairweather")
  set(unit "${root}${CMAKE_INSTALL_PREFIX}/lib/systemd/system/fairweather-monitor.service")
  message(STATUS "Installing: ${unit}")
  configure_file("@FAIRWEATHER_SOURCE@/config/systemd/fairweather-monitor.service" "${unit}" @ONLY)
  set(config "${root}${FAIRWEATHER_SYSCONFDIR}/fairweather/fairweather.toml")
  if(EXISTS "${config}")
    message(STATUS "Keeping: ${config}")
  else()
    # file(INSTALL) puts $DESTDIR in front of the destination itself.
    file(INSTALL "@FAIRWEATHER_SOURCE@/config/examples/fairweather.toml"
         DESTINATION "${FAIRWEATHER_SYSCONFDIR}/fairweather")
  endif()
]] fairweather_install_code @ONLY)
install(CODE "${fairweather_install_code}" COMPONENT monitor)
