-- Lab stand-in written for jitsi-deploy (not Jitsi's code): checks a JWT the way
-- docs jitsi-token-auth.md section 3 describes, in the documented order, with the documented messages.
-- HS256/HS512 use util.hashes; RS256/384/512 verify with the openssl command line tool (the lab's Prosody has
-- no Lua crypto library for RSA), which blocks Prosody for a few milliseconds per login: fine for a lab.
local base64 = require "util.encodings".base64;
local hashes = require "util.hashes";
local json = require "util.json";

local M = {};

local function b64url_decode(s)
	if type(s) ~= "string" or s:find("[^%w%-_]") then return nil; end
	local padded = s:gsub("%-", "+"):gsub("_", "/");
	padded = padded .. string.rep("=", (4 - #padded % 4) % 4);
	return base64.decode(padded);
end
M.b64url_decode = b64url_decode;

local function decode_json_part(s)
	local raw = b64url_decode(s);
	if not raw then return nil; end
	local ok, value = pcall(json.decode, raw);
	if ok and type(value) == "table" then return value; end
	return nil;
end

local function split(token)
	local parts = {};
	for part in (token .. "."):gmatch("([^%.]*)%.") do parts[#parts + 1] = part; end
	return parts;
end

local function write_temp(content)
	local name = os.tmpname();
	local f = assert(io.open(name, "wb"));
	f:write(content);
	f:close();
	return name;
end

local function rsa_verify(digest, data, signature, pem)
	local data_file, sig_file, key_file = write_temp(data), write_temp(signature), write_temp(pem);
	local ok = os.execute(("openssl dgst -%s -verify %s -signature %s %s >/dev/null 2>&1")
		:format(digest, key_file, sig_file, data_file));
	os.remove(data_file); os.remove(sig_file); os.remove(key_file);
	return ok == true;
end

local verifiers = {
	HS256 = function(data, signature, key) return hashes.hmac_sha256(key, data) == signature; end;
	HS512 = function(data, signature, key) return hashes.hmac_sha512(key, data) == signature; end;
	RS256 = function(data, signature, key) return rsa_verify("sha256", data, signature, key); end;
	RS384 = function(data, signature, key) return rsa_verify("sha384", data, signature, key); end;
	RS512 = function(data, signature, key) return rsa_verify("sha512", data, signature, key); end;
};

local function accepted(value, list)
	for _, item in ipairs(list) do
		if item == "*" or item == value then return true; end
	end
	return false;
end

-- Verifies token for algorithm alg; returns the claims, or nil and the error text. key is the key itself or a
-- function of the header returning the key or nil and an error text (key servers need the header's kid); it is
-- called once the header has passed its own checks, so the errors come in the documented order.
function M.verify(token, alg, key, accepted_issuers, accepted_audiences)
	if type(token) ~= "string" then return nil, "Invalid token"; end
	local parts = split(token);
	if #parts ~= 3 then return nil, "Invalid token"; end
	local header = decode_json_part(parts[1]);
	if not header then return nil, "Invalid header"; end
	local body = decode_json_part(parts[2]);
	if not body then return nil, "Invalid body"; end
	if header.typ ~= "JWT" then return nil, "Invalid typ"; end
	if type(header.alg) ~= "string" or header.alg ~= alg then return nil, "Invalid or incorrect alg"; end
	if type(key) == "function" then
		local key_error;
		key, key_error = key(header);
		if not key then return nil, key_error; end
	end
	local verifier = verifiers[alg];
	local signature = b64url_decode(parts[3]);
	if not verifier or not signature or not key or not verifier(parts[1] .. "." .. parts[2], signature, key) then
		return nil, "Invalid signature";
	end
	local now = os.time();
	if body.exp ~= nil then
		if type(body.exp) ~= "number" then return nil, "exp must be number"; end
		if now >= body.exp then
			if type(body.iat) == "number" then
				return nil, ("Not acceptable by exp (%d sec since expired, valid for:%d sec)")
					:format(now - body.exp, body.exp - body.iat);
			end
			return nil, ("Not acceptable by exp (%d sec since expired)"):format(now - body.exp);
		end
	end
	if body.nbf ~= nil then
		if type(body.nbf) ~= "number" then return nil, "nbf must be number"; end
		if now < body.nbf then return nil, "Not acceptable by nbf"; end
	end
	if body.iss == nil then return nil, "'iss' claim is missing"; end
	if not accepted(body.iss, accepted_issuers) then return nil, "invalid 'iss' claim"; end
	if body.aud == nil then return nil, "'aud' claim is missing"; end
	if not accepted(body.aud, accepted_audiences) then return nil, "invalid 'aud' claim"; end
	return body;
end

return M;
