// Drives Code for America's GeoReport v2 client (npm "open311") against a
// hub: node georeport_client.js <endpoint> <api_key>. Prints one JSON
// object with what each call gave; client_test.go checks it.
const Open311 = require('open311');

const [endpoint, apiKey] = process.argv.slice(2);
const client = new Open311({endpoint, jurisdiction: 'qatif', apiKey, format: 'json'});

// call runs one of the client's callback methods as a promise.
function call(method, ...args) {
  return new Promise((resolve, reject) => {
    client[method](...args, (err, data) => (err ? reject(new Error(method + ': ' + err + ' ' + data)) : resolve(data)));
  });
}

(async () => {
  const out = {};
  out.services = await call('serviceList');
  out.definition = await call('serviceDefinition', 'road-defect');
  out.created = await call('submitRequest', {
    service_code: 'road-defect', lat: 26.5196, long: 50.0115,
    address_string: 'King Abdulaziz Rd', description: 'Pothole reported by a third-party client',
    attributes: {district: 'Al-Nasirah', location: 'In front of the school'},
  });
  const id = out.created[0].service_request_id;
  out.one = await call('serviceRequest', id);
  out.open = await call('serviceRequests', {status: 'open', service_code: 'road-defect'});
  out.byIDs = await call('serviceRequests', [id, 'QTF-2026-999999']);
  out.token = await call('token', id);
  process.stdout.write(JSON.stringify(out));
})().catch((err) => {
  process.stderr.write(String(err.stack || err));
  process.exit(1);
});
