// Fails fast when npm scripts are not running on the Lambda runtime's Node major (24).
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(
    `hivewatch: npm scripts must run on Node 24 (the Lambda runtime nodejs24.x) but this is ${process.version}. Run 'npm install' so node_modules/.bin/node (the node@24 devDependency) is used.`,
  );
  process.exit(1);
}
console.log(`runtime: node ${process.version} (Lambda nodejs24.x)`);
