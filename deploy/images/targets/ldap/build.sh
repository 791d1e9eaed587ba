#!/bin/bash
# Builds the test directory: a CA and a server certificate, slapd's configuration (cn=config) and its data.
set -euo pipefail
cd /opt/directory
mkdir -p /certs
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj '/CN=Atrium test directory CA' -keyout /certs/ca.key -out /certs/ca.crt 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj '/CN=directory.test' -keyout /certs/server.key -out /certs/server.csr 2>/dev/null
printf 'subjectAltName=DNS:directory.test\nextendedKeyUsage=serverAuth\n' > /certs/ext.cnf
openssl x509 -req -in /certs/server.csr -CA /certs/ca.crt -CAkey /certs/ca.key -CAcreateserial -days 3650 -extfile /certs/ext.cnf -out /certs/server.crt 2>/dev/null
rm /certs/ca.key /certs/server.csr /certs/ext.cnf
chown openldap:openldap /certs/server.key && chmod 600 /certs/server.key

rm -rf /etc/ldap/slapd.d /var/lib/ldap
mkdir -p /etc/ldap/slapd.d /var/lib/ldap
admin_hash="$(slappasswd -s directory-admin-secret)"
sed "s|@ADMIN_HASH@|$admin_hash|" config.ldif > /tmp/config.ldif
slapadd -n 0 -F /etc/ldap/slapd.d -l /tmp/config.ldif
hash() { slappasswd -s "$1"; }
sed -e "s|@SERVICE_HASH@|$(hash service-bind-secret-2231)|" -e "s|@ADA_HASH@|$(hash ada-directory-password-77)|" -e "s|@BOB_HASH@|$(hash bob-directory-password-88)|" \
  data.ldif > /tmp/data.ldif
slapadd -n 1 -F /etc/ldap/slapd.d -l /tmp/data.ldif
rm /tmp/config.ldif /tmp/data.ldif
chown -R openldap:openldap /etc/ldap/slapd.d /var/lib/ldap
