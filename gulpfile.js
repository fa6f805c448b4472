// Copies the icons next to the compiled code: the root icons/ folder (referenced as
// file:../../icons/x.svg from dist/nodes/<Name>/) and any SVG/PNG kept beside a node.
const { src, dest, parallel } = require('gulp');

function rootIcons() {
	return src('icons/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/icons'));
}

function nodeIcons() {
	return src('nodes/**/*.{png,svg}', { encoding: false, allowEmpty: true }).pipe(dest('dist/nodes'));
}

function credentialIcons() {
	return src('credentials/**/*.{png,svg}', { encoding: false, allowEmpty: true }).pipe(dest('dist/credentials'));
}

exports['build:icons'] = parallel(rootIcons, nodeIcons, credentialIcons);
