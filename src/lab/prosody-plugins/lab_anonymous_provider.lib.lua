-- Lab stand-in written for jitsi-deploy (not Jitsi's code): the auth provider shared by the lab's two anonymous
-- login modules (auth_token, auth_jitsi-anonymous). There are no accounts; the SASL handler is all that differs.
local M = {};

-- A provider whose only way in is get_sasl_handler(session).
function M.new(get_sasl_handler)
	return {
		test_password = function() return nil, "Password based auth not supported"; end;
		get_password = function() return nil; end;
		set_password = function() return nil, "Set password not supported"; end;
		user_exists = function() return nil; end;
		create_user = function() return nil; end;
		delete_user = function() return nil; end;
		users = function() return next, {}, nil; end;
		get_sasl_handler = get_sasl_handler;
	};
end

return M;
