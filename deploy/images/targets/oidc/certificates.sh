#!/bin/bash
# A CA and a server certificate for oidc.test, made once at build time; the CA's key is thrown away.
set -euo pipefail
mkdir -p /certs
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj '/CN=Atrium test identity provider CA' -keyout /certs/ca.key -out /certs/ca.crt 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj '/CN=oidc.test' -keyout /certs/server.key -out /certs/server.csr 2>/dev/null
printf 'subjectAltName=DNS:oidc.test\nextendedKeyUsage=serverAuth\n' > /certs/ext.cnf
openssl x509 -req -in /certs/server.csr -CA /certs/ca.crt -CAkey /certs/ca.key -CAcreateserial -days 3650 -extfile /certs/ext.cnf -out /certs/server.crt 2>/dev/null
rm /certs/ca.key /certs/server.csr /certs/ext.cnf
